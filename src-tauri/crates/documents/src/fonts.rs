//! The embedded fonts (DejaVu Sans regular and bold, see `assets/fonts/`) and text measurement.
//!
//! DejaVu Sans covers Latin Extended-A, so Turkish (ş, ğ, İ, ı), Portuguese (ã, ç) and Norwegian (ø, å, æ) names
//! print as they are. Measuring uses the fonts' advance widths (no kerning), which is what wrapping and the
//! ellipsis need.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

pub(crate) static REGULAR: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans.ttf");
pub(crate) static BOLD: &[u8] = include_bytes!("../../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The ellipsis put at the end of a truncated text.
pub(crate) const ELLIPSIS: char = '…';

/// Width in points of `text` set in `size` points.
pub(crate) fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(font) = FontRef::new(if bold { BOLD } else { REGULAR }) else {
        // Cannot happen with the embedded fonts; a generous estimate keeps layout going.
        return text.chars().count() as f32 * size * 0.7;
    };
    let upem = f32::from(
        font.metrics(Size::unscaled(), LocationRef::default())
            .units_per_em
            .max(1),
    );
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
    let units: f32 = text
        .chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(upem * 0.6)
        })
        .sum();
    units / upem * size
}

/// `text` cut so that it fits in `max_width` points, ending in an ellipsis when it had to be cut.
pub(crate) fn fit(text: &str, size: f32, bold: bool, max_width: f32) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String =
            chars.iter().collect::<String>().trim_end().to_string() + &ELLIPSIS.to_string();
        if text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    String::new()
}

/// `text` broken into lines of at most `max_width` points at spaces; a word longer than a line is cut with an
/// ellipsis. At most `max_lines` lines: the last one ends in an ellipsis when text was left over.
pub(crate) fn wrap(
    text: &str,
    size: f32,
    bold: bool,
    max_width: f32,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if text_width(&candidate, size, bold) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        current = fit(word, size, bold, max_width);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if max_lines > 0 && lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last}{ELLIPSIS}"), size, bold, max_width);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert_eq!(fit("Bjørn Ålesund", 10.0, false, 200.0), "Bjørn Ålesund");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis_and_fits() {
        let name = "Şükrü Öztürk ".repeat(20);
        let cut = fit(&name, 10.0, true, 120.0);
        assert!(cut.ends_with(ELLIPSIS), "{cut}");
        assert!(cut.starts_with("Şükrü Öztürk"), "{cut}");
        assert!(text_width(&cut, 10.0, true) <= 120.0);
    }

    #[test]
    fn wrapping_keeps_words_and_limits_lines() {
        let lines = wrap(
            "João Conceição Rua das Flores 123 Lisboa Portugal",
            10.0,
            false,
            90.0,
            2,
        );
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("João"));
        assert!(lines[1].ends_with(ELLIPSIS), "{lines:?}");
        for l in &lines {
            assert!(text_width(l, 10.0, false) <= 90.0 + 0.01, "{l}");
        }
        assert!(wrap("", 10.0, false, 90.0, 2).is_empty());
    }

    #[test]
    fn bold_is_wider_than_regular() {
        assert!(text_width("Parcel 2 of 3", 12.0, true) > text_width("Parcel 2 of 3", 12.0, false));
    }
}
