//! HTML parts that embed objects: `<object>` and `<embed>` load plug-in
//! content (once Flash, Java applets, media players) into the message.

use super::{Expr, content_rule};
use crate::rules::{Family, Rule};
use crate::text;

/// `HTML_EMBEDS`: some HTML part has an `<object>` or `<embed>` tag.
const HTML_EMBEDS: Expr = Expr::Fact(|c| c.analysis.html.iter().any(|model| model.embeds));

pub(super) fn rules() -> Vec<Rule> {
    vec![content_rule(
        "HTML_EMBEDS",
        Family::Html,
        [0.001; 4],
        &HTML_EMBEDS,
        text!(
            description: (
                "HTML with embedded plug-in object",
                "HTML avec un objet de module externe intégré"
            ),
            explanation: (
                "The HTML part has an <object> or <embed> tag, which makes the reader's program load outside content such as a media player or an old Flash animation. Mail programs mostly refuse to run them, and letters have no use for them.",
                "La partie HTML contient une balise <object> ou <embed>, qui fait charger au logiciel du lecteur un contenu externe comme un lecteur multimédia ou une ancienne animation Flash. Les logiciels de messagerie refusent le plus souvent de les exécuter, et une lettre n'en a pas l'usage."
            ),
            fix: (
                "Link to the media instead of embedding it.",
                "Mettez un lien vers le média au lieu de l'intégrer."
            ),
        ),
    )]
}

#[cfg(test)]
mod tests {
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    fn fires(html: &str) -> bool {
        let message = format!(
            "From: a@example.com\nTo: b@example.org\nSubject: hi\nMIME-Version: 1.0\nContent-Type: text/html\n\n{html}\n"
        );
        fired(super::rules(), &analyse(&message), &Inputs::default())
            .contains(&"HTML_EMBEDS".to_owned())
    }

    #[test]
    fn object_and_embed_tags() {
        assert!(fires("<html><body><embed src=\"a.swf\"></body></html>"));
        assert!(fires(
            "<html><body><OBJECT data=\"a.mp4\"></OBJECT></body></html>"
        ));
        assert!(!fires(
            "<html><body><p>objects embed nothing here</p></body></html>"
        ));
    }
}
