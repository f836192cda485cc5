//! Durations as Go's `time.ParseDuration` reads them, for the timeout and delay flags:
//! a sequence of decimal numbers, each with an optional fraction and a unit (`ns`, `us`,
//! `µs`, `μs`, `ms`, `s`, `m`, `h`), such as `300ms`, `1.5h` or `2h45m`. Scripts written
//! for the Go tool keep working, and a bare number still means seconds as it always has
//! here. All arithmetic is checked: a value Go could not hold (more than `i64::MAX`
//! nanoseconds, about 292 years) is refused instead of wrapping. Negative durations mean
//! nothing for a timeout or a delay and are refused too.

use std::time::Duration;

/// Go's `time.Duration` is `i64` nanoseconds.
const MAX_NANOS: u64 = i64::MAX as u64;
const MAX_DISPLAY: &str = "2562047h47m16.854775807s";

const NANOSECOND: u64 = 1;
const MICROSECOND: u64 = 1_000 * NANOSECOND;
const MILLISECOND: u64 = 1_000 * MICROSECOND;
const SECOND: u64 = 1_000 * MILLISECOND;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

/// Why a duration was refused. The text comes from the command line, never from a file,
/// and is quoted with escapes so that control characters cannot reach the terminal.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("invalid duration {0:?} (examples: 30s, 1m30s, 1.5h, 500ms)")]
    Invalid(String),
    #[error("unknown unit {unit:?} in duration {text:?} (units: ns, us, ms, s, m, h)")]
    UnknownUnit { unit: String, text: String },
    #[error("duration {0:?} is negative")]
    Negative(String),
    #[error("duration {0:?} is too long: at most {MAX_DISPLAY}")]
    TooLong(String),
}

/// Parses `text` as Go does, except that a bare number (`45`, `1.5`) means seconds and a
/// negative value is an error.
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let nanos = if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let (number, rest) = split_number(body).ok_or_else(|| invalid(text))?;
        if !rest.is_empty() {
            return Err(invalid(text));
        }
        number.nanos(SECOND).ok_or_else(|| too_long(text))?
    } else {
        sum_components(body, text)?
    };
    if negative && nanos != 0 {
        return Err(DurationError::Negative(text.to_owned()));
    }
    Ok(Duration::from_nanos(nanos))
}

/// The sum of `body`'s number-and-unit components, in nanoseconds.
fn sum_components(body: &str, text: &str) -> Result<u64, DurationError> {
    if body.is_empty() {
        return Err(invalid(text));
    }
    let mut total: u64 = 0;
    let mut rest = body;
    while !rest.is_empty() {
        let (number, after) = split_number(rest).ok_or_else(|| invalid(text))?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let unit = &after[..unit_len];
        let unit_nanos = match unit {
            "ns" => NANOSECOND,
            // U+00B5 MICRO SIGN and U+03BC GREEK SMALL LETTER MU, as Go accepts both.
            "us" | "\u{b5}s" | "\u{3bc}s" => MICROSECOND,
            "ms" => MILLISECOND,
            "s" => SECOND,
            "m" => MINUTE,
            "h" => HOUR,
            "" => return Err(invalid(text)),
            _ => {
                return Err(DurationError::UnknownUnit {
                    unit: unit.to_owned(),
                    text: text.to_owned(),
                });
            }
        };
        total = number
            .nanos(unit_nanos)
            .and_then(|nanos| total.checked_add(nanos))
            .filter(|&sum| sum <= MAX_NANOS)
            .ok_or_else(|| too_long(text))?;
        rest = &after[unit_len..];
    }
    Ok(total)
}

/// A decimal number as written: its integer digits and its fraction digits.
struct Number<'a> {
    whole: &'a str,
    fraction: &'a str,
}

impl Number<'_> {
    /// The number times `unit` nanoseconds; None when it exceeds Go's range. The
    /// fraction is computed as Go computes it (in floating point, from the digits that
    /// fit in an i64), so that `0.3333333333333333333h` is 20m here as there.
    fn nanos(&self, unit: u64) -> Option<u64> {
        // All digits, so parsing fails only on overflow.
        let whole: u64 = if self.whole.is_empty() {
            0
        } else {
            self.whole.parse().ok()?
        };
        let (fraction, scale) = leading_fraction(self.fraction);
        // At most an hour's worth of nanoseconds (3.6e12), so the cast is exact enough.
        let fraction_nanos = (fraction as f64 * (unit as f64 / scale)) as u64;
        whole
            .checked_mul(unit)?
            .checked_add(fraction_nanos)
            .filter(|&nanos| nanos <= MAX_NANOS)
    }
}

/// Go's `leadingFraction`: the digits' value and 10^(digits used), ignoring the digits
/// that would overflow an i64.
fn leading_fraction(digits: &str) -> (u64, f64) {
    let mut value: u64 = 0;
    let mut scale = 1.0;
    for digit in digits.bytes().map(|b| u64::from(b - b'0')) {
        if value > MAX_NANOS / 10 {
            break;
        }
        let next = value * 10 + digit;
        if next > 1 << 63 {
            break;
        }
        value = next;
        scale *= 10.0;
    }
    (value, scale)
}

/// Splits off the leading number (`12`, `1.5`, `.5`, `3.`); None when there is no digit.
fn split_number(text: &str) -> Option<(Number<'_>, &str)> {
    let (whole, rest) = split_digits(text);
    let (fraction, rest) = match rest.strip_prefix('.') {
        Some(after_point) => split_digits(after_point),
        None => ("", rest),
    };
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    Some((Number { whole, fraction }, rest))
}

fn split_digits(text: &str) -> (&str, &str) {
    text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    )
}

fn invalid(text: &str) -> DurationError {
    DurationError::Invalid(text.to_owned())
}

fn too_long(text: &str) -> DurationError {
    DurationError::TooLong(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Duration {
        parse_duration(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn go_syntax() {
        let cases: &[(&str, Duration)] = &[
            ("0", Duration::ZERO),
            ("0s", Duration::ZERO),
            ("5s", Duration::from_secs(5)),
            ("30s", Duration::from_secs(30)),
            ("1478s", Duration::from_secs(1478)),
            ("+5s", Duration::from_secs(5)),
            ("-0", Duration::ZERO),
            ("-0s", Duration::ZERO),
            ("5.0s", Duration::from_secs(5)),
            ("5.6s", Duration::from_millis(5600)),
            ("5.s", Duration::from_secs(5)),
            (".5s", Duration::from_millis(500)),
            ("1.0s", Duration::from_secs(1)),
            ("1.00s", Duration::from_secs(1)),
            ("1.004s", Duration::from_millis(1004)),
            ("1.0040s", Duration::from_millis(1004)),
            ("100.00100s", Duration::from_millis(100_001)),
            ("1.5s", Duration::from_millis(1500)),
            ("10ns", Duration::from_nanos(10)),
            ("11us", Duration::from_micros(11)),
            ("12µs", Duration::from_micros(12)),
            ("12μs", Duration::from_micros(12)),
            ("13ms", Duration::from_millis(13)),
            ("14s", Duration::from_secs(14)),
            ("15m", Duration::from_secs(15 * 60)),
            ("16h", Duration::from_secs(16 * 3600)),
            ("3h30m", Duration::from_secs(3 * 3600 + 30 * 60)),
            ("1h30m", Duration::from_secs(5400)),
            ("10.5s4m", Duration::from_millis(4 * 60_000 + 10_500)),
            ("2m3.4s", Duration::from_millis(123_400)),
            ("1h2m3s4ms5us6ns", Duration::new(3723, 4_005_006)),
            ("39h9m14.425s", Duration::from_millis(140_954_425)),
            ("52763797000ns", Duration::from_nanos(52_763_797_000)),
            ("0.3333333333333333333h", Duration::from_secs(1200)),
            ("1.5h", Duration::from_secs(5400)),
            // Digits beyond nanosecond precision are ignored, as in Go.
            ("0.100000000000000000000h", Duration::from_secs(360)),
            ("0.830103483285477580700h", Duration::new(2988, 372_539_827)),
            // The longest duration Go holds, written two ways.
            (
                "9223372036854775807ns",
                Duration::new(9_223_372_036, 854_775_807),
            ),
            (MAX_DISPLAY, Duration::new(9_223_372_036, 854_775_807)),
            ("2562047h", Duration::from_secs(2_562_047 * 3600)),
        ];
        for (text, expected) in cases {
            assert_eq!(ok(text), *expected, "{text}");
        }
    }

    #[test]
    fn bare_numbers_are_seconds() {
        assert_eq!(ok("45"), Duration::from_secs(45));
        assert_eq!(ok("1.5"), Duration::from_millis(1500));
        assert_eq!(ok(".25"), Duration::from_millis(250));
        assert_eq!(ok("9223372036"), Duration::from_secs(9_223_372_036));
        assert_eq!(
            parse_duration("9223372037"),
            Err(DurationError::TooLong("9223372037".into()))
        );
    }

    #[test]
    fn malformed() {
        for text in [
            "", "+", "-", ".", "s", ".s", "+.s", "1.2.3s", "3x", "1s ", " 1s", "1 s", "1e3s",
            "1_000s", "0x10s", "１s", "1S", "1H", "1sec", "1s1", "1..5s", "--1s", "+-1s", "1s-1s",
            "\u{0}", "1\u{b5}", "1μ",
        ] {
            assert!(parse_duration(text).is_err(), "{text:?} accepted");
        }
        assert_eq!(
            parse_duration("10x").unwrap_err().to_string(),
            "unknown unit \"x\" in duration \"10x\" (units: ns, us, ms, s, m, h)"
        );
        assert_eq!(
            parse_duration("s").unwrap_err().to_string(),
            "invalid duration \"s\" (examples: 30s, 1m30s, 1.5h, 500ms)"
        );
    }

    #[test]
    fn negative_is_refused() {
        for text in ["-1s", "-1", "-0.5s", "-1h30m", "-1ns"] {
            assert_eq!(
                parse_duration(text),
                Err(DurationError::Negative(text.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn overflow_is_refused_not_wrapped() {
        for text in [
            "18446744073709551615s1s",
            "18446744073709551615s",
            "18446744073709551616s",
            "99999999999999999999999999999999h",
            "9223372036854775808ns",
            "9223372036854775807ns1ns",
            "2562048h",
            "2562047h47m16.854775808s",
            "5124096h",
            "1000000000000000000000000000000000000000s",
        ] {
            assert_eq!(
                parse_duration(text),
                Err(DurationError::TooLong(text.into())),
                "{text}"
            );
        }
        assert_eq!(
            parse_duration("2562048h").unwrap_err().to_string(),
            "duration \"2562048h\" is too long: at most 2562047h47m16.854775807s"
        );
    }

    #[test]
    fn errors_escape_control_characters() {
        let err = parse_duration("1\u{1b}[31ms").unwrap_err().to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
        assert!(
            !parse_duration("1s\n2s")
                .unwrap_err()
                .to_string()
                .contains('\n')
        );
    }
}
