//! Writes the lessons' content files into a build's output folder.
//!
//! Trunk runs it after each build (Trunk.toml, post_build hook):
//! `write-book <lessons dir> <dist dir>`.

use std::path::PathBuf;
use std::process::ExitCode;

use dragonproof_lessons::Book;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(lessons), Some(dist)) = (args.next(), args.next()) else {
        eprintln!("usage: write-book <lessons dir> <dist dir>");
        return ExitCode::from(2);
    };
    let book = match Book::load(&lessons) {
        Ok(book) => book,
        Err(errors) => {
            errors.iter().for_each(|error| eprintln!("{error}"));
            return ExitCode::FAILURE;
        }
    };
    match book.write_content(&dist) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("writing {}: {error}", dist.display());
            ExitCode::FAILURE
        }
    }
}
