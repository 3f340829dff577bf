//! Python's view of Unicode characters: the character classes behind `str.isalpha`,
//! `isdigit`, `isdecimal`, `isnumeric`, `islower`, `isupper`, `istitle`, `isspace`,
//! `isalnum`, and the full case mappings behind `lower`, `upper`, `swapcase`,
//! `capitalize` and `title` (special casing, the final-sigma rule).
//!
//! The Unicode data comes from ICU4X (`icu_properties`, `icu_casemap`), the Unicode
//! Consortium's own Rust implementation: it carries the general categories, the
//! `Numeric_Type` property (which `isdigit`/`isnumeric` need and few other crates have),
//! the derived case properties (`Cased`, `Case_Ignorable`, `Lowercase`, `Uppercase`) and
//! the full case mappings including title case, all compiled in (no data files at run time).

use icu_casemap::options::{LeadingAdjustment, TitlecaseOptions, TrailingCase};
use icu_casemap::CaseMapper;
use icu_locale_core::LanguageIdentifier;
use icu_properties::props::{
    CaseIgnorable, Cased, GeneralCategory, Lowercase, NumericType, Uppercase, XidContinue, XidStart,
};
use icu_properties::{CodePointMapData, CodePointSetData};

const CAPITAL_SIGMA: char = '\u{3a3}';

fn category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

fn numeric_type(c: char) -> NumericType {
    CodePointMapData::<NumericType>::new().get(c)
}

/// A letter for Python: general category Lu, Ll, Lt, Lm or Lo.
pub fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(
        category(c),
        GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::ModifierLetter
            | GeneralCategory::OtherLetter
    )
}

/// A decimal digit of some script (`Numeric_Type=Decimal`, the same as category Nd).
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    numeric_type(c) == NumericType::Decimal
}

/// A digit: decimal digits and their variants (superscripts, circled digits).
pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    matches!(numeric_type(c), NumericType::Decimal | NumericType::Digit)
}

/// Anything with a numeric value: digits, fractions, Roman numerals, CJK numerals.
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    numeric_type(c) != NumericType::None
}

/// `str.isalnum` for one character.
pub fn is_alnum(c: char) -> bool {
    is_alpha(c) || is_numeric(c)
}

/// The value 0-9 of a decimal digit of any script. Unicode assigns such digits only in
/// contiguous runs of ten, zero first, so the value is the distance from the run's start.
pub fn decimal_value(c: char) -> Option<u32> {
    if c.is_ascii() {
        return c.to_digit(10);
    }
    if !is_decimal(c) {
        return None;
    }
    let mut start = c as u32;
    while let Some(prev) = start.checked_sub(1).and_then(char::from_u32) {
        if !is_decimal(prev) {
            break;
        }
        start -= 1;
    }
    Some((c as u32 - start) % 10)
}

/// Whitespace for Python: `str.split()`, `strip()`, `isspace()` and `int()` agree on it.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// What `int()` and `float()` read: every Unicode decimal digit becomes its ASCII digit and
/// every whitespace character a space; the rest is kept (and rejected by the parser).
pub fn ascii_digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| {
            if is_space(c) {
                ' '
            } else {
                decimal_value(c)
                    .and_then(|d| char::from_digit(d, 10))
                    .unwrap_or(c)
            }
        })
        .collect::<String>()
        .into()
}

/// The `Lowercase` property (lowercase letters and a few others such as ª).
pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    CodePointSetData::new::<Lowercase>().contains(c)
}

/// The `Uppercase` property.
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    CodePointSetData::new::<Uppercase>().contains(c)
}

/// A titlecase letter (category Lt), such as ǅ.
pub fn is_title(c: char) -> bool {
    !c.is_ascii() && category(c) == GeneralCategory::TitlecaseLetter
}

/// The `Cased` property: a character with case (lowercase, uppercase or titlecase).
pub fn is_cased(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    CodePointSetData::new::<Cased>().contains(c)
}

fn is_case_ignorable(c: char) -> bool {
    CodePointSetData::new::<CaseIgnorable>().contains(c)
}

/// `str.islower()` and `str.isupper()`: at least one cased character and none of the other
/// case (a titlecase letter counts as the other case for both).
pub fn is_all_case(text: &str, lower: bool) -> bool {
    let mut any = false;
    for c in text.chars() {
        let (same, other) = if lower {
            (is_lower(c), is_upper(c))
        } else {
            (is_upper(c), is_lower(c))
        };
        if other || is_title(c) {
            return false;
        }
        any |= same;
    }
    any
}

/// `str.istitle()`: uppercase or titlecase letters only after uncased characters, lowercase
/// letters only after cased ones, and at least one cased character.
pub fn is_titled(text: &str) -> bool {
    let mut any = false;
    let mut prev_cased = false;
    for c in text.chars() {
        if is_upper(c) || is_title(c) {
            if prev_cased {
                return false;
            }
            prev_cased = true;
            any = true;
        } else if is_lower(c) {
            if !prev_cased {
                return false;
            }
            prev_cased = true;
            any = true;
        } else {
            prev_cased = false;
        }
    }
    any
}

fn mapper() -> icu_casemap::CaseMapperBorrowed<'static> {
    CaseMapper::new()
}

fn one(c: char) -> String {
    c.to_string()
}

fn push_upper(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        out.push_str(&mapper().uppercase_to_string(&one(c), &LanguageIdentifier::UNKNOWN));
    }
}

fn push_title(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_uppercase());
    } else {
        let mut options = TitlecaseOptions::default();
        options.leading_adjustment = Some(LeadingAdjustment::None);
        options.trailing_case = Some(TrailingCase::Unchanged);
        out.push_str(&mapper().titlecase_segment_with_only_case_data_to_string(
            &one(c),
            &LanguageIdentifier::UNKNOWN,
            options,
        ));
    }
}

/// Lowercases `chars[i]` into `out`; a capital sigma becomes the final form ς when it ends
/// a word: a cased letter before it and none after it (case-ignorable characters skipped).
fn push_lower(out: &mut String, chars: &[char], i: usize) {
    let c = chars[i];
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == CAPITAL_SIGMA {
        let before = chars[..i].iter().rev().find(|c| !is_case_ignorable(**c));
        let after = chars[i + 1..].iter().find(|c| !is_case_ignorable(**c));
        let is_final = before.is_some_and(|c| is_cased(*c)) && !after.is_some_and(|c| is_cased(*c));
        out.push(if is_final { '\u{3c2}' } else { '\u{3c3}' });
        return;
    }
    out.push_str(&mapper().lowercase_to_string(&one(c), &LanguageIdentifier::UNKNOWN));
}

/// `str.lower()`.
pub fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for i in 0..chars.len() {
        push_lower(&mut out, &chars, i);
    }
    out
}

/// `str.casefold()`: the full case folding (`ß` becomes `ss`, every sigma `σ`).
pub fn casefold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    mapper().fold_string(text).into_owned()
}

/// `str.isidentifier()`: a letter or `_` (`XID_Start`), then `XID_Continue`
/// characters; the empty string is not one.
pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first == '_' || CodePointSetData::new::<XidStart>().contains(first))
        && chars.all(|c| CodePointSetData::new::<XidContinue>().contains(c))
}

/// A character `str.isprintable()` accepts: anything but controls, format
/// characters, surrogates, private use, unassigned code points and
/// separators, except the plain space.
pub fn is_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    !matches!(
        category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Surrogate
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::SpaceSeparator
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// `str.upper()`.
pub fn upper(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_upper(&mut out, c);
    }
    out
}

/// `str.swapcase()`: uppercase characters are lowercased, lowercase ones uppercased.
pub fn swapcase(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if is_upper(c) {
            push_lower(&mut out, &chars, i);
        } else if is_lower(c) {
            push_upper(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// `str.capitalize()`: the first character in title case, the rest lowercased.
pub fn capitalize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if i == 0 {
            push_title(&mut out, c);
        } else {
            push_lower(&mut out, &chars, i);
        }
    }
    out
}

/// `str.title()`: a character after a cased one is lowercased, any other is titlecased.
pub fn title(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut prev_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if prev_cased {
            push_lower(&mut out, &chars, i);
        } else {
            push_title(&mut out, c);
        }
        prev_cased = is_cased(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_mappings_follow_python() {
        assert_eq!(lower("ΟΔΟΣ"), "οδος");
        assert_eq!(lower("ΟΔΟΣ ΟΔΟΣ."), "οδος οδος.");
        assert_eq!(lower("Σ"), "σ");
        assert_eq!(lower("ΑΣΑ"), "ασα");
        assert_eq!(lower("İ"), "i\u{307}");
        assert_eq!(upper("straße"), "STRASSE");
        assert_eq!(upper("ﬁ"), "FI");
        assert_eq!(title("ﬁne"), "Fine");
        assert_eq!(title("ß"), "Ss");
        assert_eq!(title("ǆemal"), "ǅemal");
        assert_eq!(title("they're bill's"), "They'Re Bill'S");
        assert_eq!(title("ΟΔΟΣ ΟΔΟΣ"), "Οδος Οδος");
        assert_eq!(capitalize("ǆEMAL"), "ǅemal");
        assert_eq!(capitalize("ΟΔΟΣ"), "Οδος");
        assert_eq!(swapcase("ΟΔΟΣ"), "οδος");
        assert_eq!(swapcase("ß"), "SS");
        assert_eq!(swapcase("ǅ"), "ǅ");
    }

    #[test]
    fn classes_follow_python() {
        assert!(!"Ⅻ".chars().all(is_alpha));
        assert!("Ⅻ".chars().all(is_numeric));
        assert!(!"Ⅻ".chars().all(is_digit));
        assert!(!is_alpha('ा'));
        assert!(is_alnum('ǅ') && is_alpha('ǅ'));
        assert!(is_digit('①') && !is_decimal('①') && is_numeric('①'));
        assert!(is_numeric('½') && !is_digit('½'));
        assert!(is_numeric('一') && !is_digit('一'));
        assert!(is_decimal('٣') && is_digit('²') && !is_decimal('²'));
        assert!(!is_all_case("ǅemal", true) && !is_all_case("ǅemal", false));
        assert!(is_titled("ǅemal") && !is_titled("ǅEmal"));
        assert!(is_all_case("ª", true));
        assert!(is_space('\u{85}') && is_space('\x1f') && !is_space('\u{200b}'));
    }

    #[test]
    fn digit_values_of_every_script() {
        assert_eq!(decimal_value('٣'), Some(3));
        assert_eq!(decimal_value('९'), Some(9));
        assert_eq!(decimal_value('𝟗'), Some(9));
        assert_eq!(decimal_value('𝟘'), Some(0));
        assert_eq!(decimal_value('①'), None);
        assert_eq!(ascii_digits("\u{3000}٣٤\u{a0}"), " 34 ");
    }
}
