//! Page layout as a list of drawing operations, in points with the origin at the top left.
//!
//! Documents are laid out first (so that "page 1 of 3" is known before anything is drawn) and then handed to
//! [`crate::pdf`] to become a PDF. Lines and boxes are drawn as filled rectangles.

use crate::fonts;

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Op {
    /// Text with its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        gray: bool,
        text: String,
    },
    /// A filled black rectangle.
    Rect { x: f32, y: f32, w: f32, h: f32 },
}

/// One page: its size and what is drawn on it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Page {
    pub width: f32,
    pub height: f32,
    pub ops: Vec<Op>,
}

impl Page {
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            width,
            height,
            ops: Vec::new(),
        }
    }

    /// Text cut with an ellipsis to `max_width`.
    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, max_width: f32, text: &str) {
        let text = fonts::fit(text, size, bold, max_width);
        if !text.is_empty() {
            self.ops.push(Op::Text {
                x,
                y,
                size,
                bold,
                gray: false,
                text,
            });
        }
    }

    /// Smaller gray caption text.
    pub fn caption(&mut self, x: f32, y: f32, size: f32, max_width: f32, text: &str) {
        let text = fonts::fit(text, size, false, max_width);
        if !text.is_empty() {
            self.ops.push(Op::Text {
                x,
                y,
                size,
                bold: false,
                gray: true,
                text,
            });
        }
    }

    /// Text whose right edge is at `right`.
    pub fn text_right(&mut self, right: f32, y: f32, size: f32, bold: bool, text: &str) {
        let w = fonts::text_width(text, size, bold);
        self.ops.push(Op::Text {
            x: right - w,
            y,
            size,
            bold,
            gray: false,
            text: text.to_string(),
        });
    }

    /// Wrapped text, at most `max_lines` lines of `leading` points; returns the y below the last line.
    #[allow(clippy::too_many_arguments)]
    pub fn paragraph(
        &mut self,
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        max_width: f32,
        max_lines: usize,
        leading: f32,
        text: &str,
    ) -> f32 {
        let mut y = y;
        for line in fonts::wrap(text, size, bold, max_width, max_lines) {
            self.ops.push(Op::Text {
                x,
                y,
                size,
                bold,
                gray: false,
                text: line,
            });
            y += leading;
        }
        y
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        if w > 0.0 && h > 0.0 {
            self.ops.push(Op::Rect { x, y, w, h });
        }
    }

    /// A horizontal rule.
    pub fn hline(&mut self, x: f32, y: f32, w: f32, thickness: f32) {
        self.rect(x, y, w, thickness);
    }

    /// An empty square box to tick by hand.
    pub fn checkbox(&mut self, x: f32, y: f32, side: f32) {
        let t = 0.8;
        self.rect(x, y, side, t);
        self.rect(x, y + side - t, side, t);
        self.rect(x, y, t, side);
        self.rect(x + side - t, y, t, side);
    }
}

/// Pages filled from top to bottom, a new page started when the next block does not fit.
pub(crate) struct Flow {
    pub pages: Vec<Page>,
    pub width: f32,
    pub height: f32,
    pub margin: f32,
    /// Where the next block starts on the current page.
    pub y: f32,
}

/// Room kept at the bottom of each page for the footer.
pub(crate) const FOOTER: f32 = 24.0;

impl Flow {
    pub fn new(width: f32, height: f32, margin: f32) -> Self {
        Self {
            pages: vec![Page::new(width, height)],
            width,
            height,
            margin,
            y: margin,
        }
    }

    pub fn page(&mut self) -> &mut Page {
        if self.pages.is_empty() {
            self.pages.push(Page::new(self.width, self.height));
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    pub fn inner_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }

    /// Makes room for `height` points: starts a new page if needed, and then calls `on_new_page`, which draws
    /// the repeated heading at the given y and returns the y below it. Returns whether a page was started.
    pub fn need(&mut self, height: f32, on_new_page: impl FnOnce(&mut Page, f32) -> f32) -> bool {
        if self.y + height <= self.height - self.margin - FOOTER {
            return false;
        }
        self.pages.push(Page::new(self.width, self.height));
        let top = self.margin;
        self.y = on_new_page(self.page(), top);
        true
    }

    /// Puts "`left`" and "Page i of n" at the bottom of every page and returns the pages.
    pub fn finish(mut self, left: &str) -> Vec<Page> {
        let pages = self.pages.len();
        let (m, h, w) = (self.margin, self.height, self.width);
        for (i, page) in self.pages.iter_mut().enumerate() {
            let y = h - m + 4.0;
            page.hline(m, y - 14.0, w - 2.0 * m, 0.5);
            page.caption(m, y, 8.0, (w - 2.0 * m) * 0.6, left);
            page.text_right(
                w - m,
                y,
                8.0,
                false,
                &crate::strings::page_x_of_y(i + 1, pages),
            );
        }
        self.pages
    }
}
