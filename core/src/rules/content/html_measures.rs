//! HTML measures SpamAssassin tests with ranges (`html_range`,
//! `html_image_ratio`): the largest font size and the amount of text per
//! image pixel, for any HTML part.

use super::{Expr, content_rule};
use crate::analysis::{Analysis, HtmlModel};
use crate::rules::{Family, Rule};
use crate::text;

/// Whether some HTML part has `measure` in `(above, up_to]`.
fn any_part_in(
    analysis: &Analysis,
    measure: fn(&HtmlModel) -> Option<f64>,
    above: f64,
    up_to: f64,
) -> bool {
    analysis
        .html
        .iter()
        .filter_map(measure)
        .any(|value| value > above && value <= up_to)
}

/// The largest font size the part reaches (it starts at 3, the default).
#[allow(
    clippy::cast_precision_loss,
    reason = "font sizes are small integers, exact in an f64"
)]
fn max_font_size(model: &HtmlModel) -> Option<f64> {
    Some(model.max_size as f64)
}

/// Non-blank characters of the rendering per square pixel of images with a
/// declared size; `None` when there is no such image.
#[allow(
    clippy::cast_precision_loss,
    reason = "character counts and pixel areas far below 2^52"
)]
fn text_per_image_pixel(model: &HtmlModel) -> Option<f64> {
    let non_blank = model
        .rendered
        .chars()
        .filter(|c| !c.is_whitespace())
        .count();
    (model.image_area > 0).then(|| non_blank as f64 / model.image_area as f64)
}

const FONT_SIZE_LARGE: Expr = Expr::Fact(|c| any_part_in(c.analysis, max_font_size, 5.0, 6.0));
const FONT_SIZE_HUGE: Expr =
    Expr::Fact(|c| any_part_in(c.analysis, max_font_size, 6.0, f64::INFINITY));
const IMAGE_RATIO_02: Expr =
    Expr::Fact(|c| any_part_in(c.analysis, text_per_image_pixel, 0.0, 0.002));
const IMAGE_RATIO_04: Expr =
    Expr::Fact(|c| any_part_in(c.analysis, text_per_image_pixel, 0.002, 0.004));
const IMAGE_RATIO_06: Expr =
    Expr::Fact(|c| any_part_in(c.analysis, text_per_image_pixel, 0.004, 0.006));
const IMAGE_RATIO_08: Expr =
    Expr::Fact(|c| any_part_in(c.analysis, text_per_image_pixel, 0.006, 0.008));

/// A font-size test.
fn font_size_rule(name: &'static str, when: &'static Expr, (size, taille): (&str, &str)) -> Rule {
    content_rule(
        name,
        Family::Html,
        [0.001; 4],
        when,
        text!(
            description: (
                format!("HTML text in a {size} font"),
                format!("Texte HTML en police de taille {taille}")
            ),
            explanation: (
                format!("Some HTML text is set in font size {size} (the normal size is 3). Shouting in big letters is common in advertising spam; alone this scores almost nothing."),
                format!("Une partie du texte HTML est en police de taille {taille} (la taille normale est 3). Crier en grosses lettres est courant dans le spam publicitaire ; seul, ce test ne pèse presque rien.")
            ),
            fix: (
                "Keep headings at moderate sizes.",
                "Gardez des titres de taille modérée."
            ),
        ),
    )
}

/// An image-ratio test.
fn image_ratio_rule(name: &'static str, when: &'static Expr, (range, plage): (&str, &str)) -> Rule {
    content_rule(
        name,
        Family::Html,
        [0.001; 4],
        when,
        text!(
            description: (
                format!("HTML with very little text for its images ({range} characters per pixel)"),
                format!("HTML avec très peu de texte pour ses images ({plage} caractère par pixel)")
            ),
            explanation: (
                format!("In an HTML part, the visible characters divided by the area of the images come to {range} per square pixel: the message is mostly pictures. Spam puts its words in images that filters cannot read; alone this scores almost nothing."),
                format!("Dans une partie HTML, le nombre de caractères divisé par la surface des images donne {plage} par pixel carré : le message est surtout fait d'images. Le spam met ses mots dans des images que les filtres ne lisent pas ; seul, ce test ne pèse presque rien.")
            ),
            fix: (
                "Put the message in text and use images as illustration.",
                "Écrivez le message en texte et réservez les images à l'illustration."
            ),
        ),
    )
}

pub(super) fn rules() -> Vec<Rule> {
    vec![
        font_size_rule("HTML_FONT_SIZE_LARGE", &FONT_SIZE_LARGE, ("6", "6")),
        font_size_rule(
            "HTML_FONT_SIZE_HUGE",
            &FONT_SIZE_HUGE,
            ("7 or more", "7 ou plus"),
        ),
        image_ratio_rule(
            "HTML_IMAGE_RATIO_02",
            &IMAGE_RATIO_02,
            ("0 to 0.002", "0 à 0.002"),
        ),
        image_ratio_rule(
            "HTML_IMAGE_RATIO_04",
            &IMAGE_RATIO_04,
            ("0.002 to 0.004", "0.002 à 0.004"),
        ),
        image_ratio_rule(
            "HTML_IMAGE_RATIO_06",
            &IMAGE_RATIO_06,
            ("0.004 to 0.006", "0.004 à 0.006"),
        ),
        image_ratio_rule(
            "HTML_IMAGE_RATIO_08",
            &IMAGE_RATIO_08,
            ("0.006 to 0.008", "0.006 à 0.008"),
        ),
    ]
}
