//! The cookie-date algorithm of RFC 6265bis §5.1.1, which `Expires` is read with: tokens split
//! on delimiters, the first time, day, month and year found in any order, two-digit years
//! widened, and anything impossible refused (the attribute is then ignored, not the cookie).

/// Seconds since the Unix epoch for a cookie date, or `None` when §5.1.1 fails it.
pub fn parse_cookie_date(text: &str) -> Option<i64> {
    let mut time: Option<(u32, u32, u32)> = None;
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<u32> = None;
    for token in text.split(is_delimiter).filter(|t| !t.is_empty()) {
        if time.is_none() {
            if let Some(t) = parse_time(token) {
                time = Some(t);
                continue;
            }
        }
        if day.is_none() {
            if let Some(d) = leading_digits(token, 1, 2) {
                day = Some(d);
                continue;
            }
        }
        if month.is_none() {
            if let Some(m) = parse_month(token) {
                month = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some(y) = leading_digits(token, 2, 4) {
                year = Some(y);
                continue;
            }
        }
    }
    let (hour, minute, second) = time?;
    let (day, month, mut year) = (day?, month?, year?);
    // §5.1.1 step 3 and 4: two-digit years.
    if (70..=99).contains(&year) {
        year += 1900;
    } else if year <= 69 {
        year += 2000;
    }
    if !(1..=31).contains(&day) || year < 1601 || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    if day > days_in_month(year, month) {
        return None;
    }
    let days = days_from_civil(i64::from(year), month, day);
    Some(days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second))
}

/// `delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E`.
fn is_delimiter(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{2f}' | '\u{3b}'..='\u{40}' | '\u{5b}'..='\u{60}' | '\u{7b}'..='\u{7e}')
}

/// `min..=max` digits at the start, then nothing or a non-digit (`( non-digit *OCTET )`).
fn leading_digits(token: &str, min: usize, max: usize) -> Option<u32> {
    let count = token.bytes().take_while(u8::is_ascii_digit).count();
    if count < min || count > max {
        return None;
    }
    token.get(..count)?.parse().ok()
}

/// `hms-time = time-field ":" time-field ":" time-field`, each 1 or 2 digits, then nothing or a
/// non-digit.
fn parse_time(token: &str) -> Option<(u32, u32, u32)> {
    let mut parts = token.splitn(3, ':');
    let h = parts.next()?;
    let m = parts.next()?;
    let s = parts.next()?;
    let field = |f: &str| -> Option<u32> {
        if (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()) {
            f.parse().ok()
        } else {
            None
        }
    };
    let seconds = leading_digits(s, 1, 2)?;
    Some((field(h)?, field(m)?, seconds))
}

fn parse_month(token: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let prefix = token.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == prefix).and_then(|i| u32::try_from(i + 1).ok())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::parse_cookie_date;

    #[test]
    fn reads_the_formats_servers_send() {
        let want = Some(1_445_412_480);
        assert_eq!(parse_cookie_date("Wed, 21 Oct 2015 07:28:00 GMT"), want);
        assert_eq!(parse_cookie_date("Wednesday, 21-Oct-15 07:28:00 GMT"), want);
        assert_eq!(parse_cookie_date("Wed Oct 21 07:28:00 2015"), want);
        assert_eq!(parse_cookie_date("21 october 2015 07:28:00"), want);
        // Any order, junk around.
        assert_eq!(parse_cookie_date("07:28:00 2015 Oct 21 whenever"), want);
    }

    #[test]
    fn refuses_what_cannot_be_a_date() {
        for bad in [
            "",
            "tomorrow",
            "Wed, 31 Feb 2015 07:28:00 GMT",
            "Wed, 21 Oct 1600 07:28:00 GMT",
            "21 Oct 2015 24:00:00",
            "21 Oct 2015",
        ] {
            assert_eq!(parse_cookie_date(bad), None, "{bad}");
        }
        assert_eq!(parse_cookie_date("1 Jan 70 00:00:00"), Some(0));
        assert_eq!(parse_cookie_date("1 Jan 69 00:00:00"), Some(3_124_224_000));
    }
}
