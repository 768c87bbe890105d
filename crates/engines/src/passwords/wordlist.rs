//! The attacker's word list: common passwords, then each with a number after it, the way
//! cracking rules extend a list. 10,000 candidates, generated rather than stored.

/// Fifty passwords from the top of every breach list.
pub const COMMON: [&str; 50] = [
    "123456",
    "password",
    "123456789",
    "12345678",
    "12345",
    "qwerty",
    "abc123",
    "111111",
    "dragon",
    "letmein",
    "monkey",
    "sunshine",
    "iloveyou",
    "princess",
    "football",
    "baseball",
    "welcome",
    "shadow",
    "master",
    "superman",
    "trustno1",
    "admin",
    "qwerty123",
    "starwars",
    "whatever",
    "freedom",
    "hello",
    "charlie",
    "donald",
    "password1",
    "batman",
    "zaq12wsx",
    "passw0rd",
    "michael",
    "jordan",
    "harley",
    "ranger",
    "hunter",
    "buster",
    "soccer",
    "hockey",
    "killer",
    "george",
    "andrew",
    "thomas",
    "jessica",
    "pepper",
    "ginger",
    "summer",
    "castle",
];

/// How many candidates the list has.
pub const LENGTH: usize = 10_000;

/// The `index`-th candidate: `COMMON[index % 50]`, with `index / 50` after it from the second
/// round on (`dragon`, …, `dragon1`, …, `dragon199`). `None` past the end.
pub fn candidate(index: usize) -> Option<String> {
    if index >= LENGTH {
        return None;
    }
    let base = COMMON.get(index % COMMON.len())?;
    let round = index / COMMON.len();
    Some(if round == 0 { (*base).to_string() } else { format!("{base}{round}") })
}

/// Where `password` sits in the list, if it does.
pub fn position(password: &str) -> Option<usize> {
    (0..LENGTH).find(|i| candidate(*i).as_deref() == Some(password))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_ten_thousand_candidates_and_the_kings_far_down() {
        // A few repeat ("password" + "1" is also "password1"), as in real lists.
        assert_eq!((0..LENGTH).filter_map(candidate).count(), LENGTH);
        assert_eq!(candidate(LENGTH), None);
        assert_eq!(position("dragon"), Some(8));
        assert_eq!(position("dragon99"), Some(99 * 50 + 8));
    }
}
