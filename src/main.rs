//! The app binary: everything the first page load ships.

fn main() {
    dragonproof::start();
}
