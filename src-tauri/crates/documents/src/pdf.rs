//! Turns laid-out [`Page`]s into PDF bytes with krilla, embedding subsets of the DejaVu fonts.

use krilla::Document;
use krilla::color::luma;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::{Font, TextDirection};

use crate::error::DocumentError;
use crate::fonts;
use crate::layout::{Op, Page};

/// Writes the pages as one PDF. The output only depends on the pages and the title (no clock, no random id).
pub(crate) fn render(pages: &[Page], title: &str) -> Result<Vec<u8>, DocumentError> {
    let regular = Font::new(fonts::REGULAR.into(), 0)
        .ok_or_else(|| DocumentError::Pdf("the regular font could not be read".into()))?;
    let bold = Font::new(fonts::BOLD.into(), 0)
        .ok_or_else(|| DocumentError::Pdf("the bold font could not be read".into()))?;
    let black = Fill {
        paint: luma::Color::black().into(),
        ..Fill::default()
    };
    let gray = Fill {
        paint: luma::Color::new(90).into(),
        ..Fill::default()
    };

    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_string())
            .creator("Storedesk".to_string())
            .language("en".to_string()),
    );
    for page in pages {
        let settings = PageSettings::from_wh(page.width, page.height).ok_or_else(|| {
            DocumentError::Pdf(format!("invalid page size {}×{}", page.width, page.height))
        })?;
        let mut pdf_page = document.start_page_with(settings);
        let mut surface = pdf_page.surface();
        // All rectangles of a page go into one path: one fill operation, a small file.
        let mut rects = PathBuilder::new();
        let mut has_rects = false;
        for op in &page.ops {
            if let Op::Rect { x, y, w, h } = *op
                && let Some(rect) = Rect::from_xywh(x, y, w, h)
            {
                rects.push_rect(rect);
                has_rects = true;
            }
        }
        if has_rects && let Some(path) = rects.finish() {
            surface.set_fill(Some(black.clone()));
            surface.draw_path(&path);
        }
        for op in &page.ops {
            if let Op::Text {
                x,
                y,
                size,
                bold: is_bold,
                gray: is_gray,
                text,
            } = op
            {
                surface.set_fill(Some(if *is_gray {
                    gray.clone()
                } else {
                    black.clone()
                }));
                let font = if *is_bold {
                    bold.clone()
                } else {
                    regular.clone()
                };
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    font,
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
        }
        surface.finish();
        pdf_page.finish();
    }
    document
        .finish()
        .map_err(|e| DocumentError::Pdf(format!("{e:?}")))
}
