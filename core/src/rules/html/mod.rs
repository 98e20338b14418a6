//! HTML tests (sa-semantics §1.2, §1.5–§1.13). Every test is "some HTML part
//! satisfies" unless said otherwise.

mod mixed_case;
mod signals;

use crate::analysis::{Analysis, HtmlModel};
use crate::i18n::{Lang, group_digits};
use crate::rules::{Evidence, Family, Rule, RuleContext, RuleText};
use crate::{Localized, text};

pub(crate) use signals::Signals;

/// `1 image` / `2 images`, `1,100 characters` / `1 100 caractères`.
fn count(n: usize, lang: Lang, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        group_digits(n as u64, lang),
        if n == 1 { one } else { many }
    )
}

/// "text/html part: 1 image, 1,100 characters".
fn size_evidence(part: &HtmlModel) -> Evidence {
    Localized::new(
        format!(
            "text/html part: {}, {}",
            count(part.images, Lang::En, "image", "images"),
            count(part.length, Lang::En, "character", "characters")
        ),
        format!(
            "partie text/html : {}, {}",
            count(part.images, Lang::Fr, "image", "images"),
            count(part.length, Lang::Fr, "caractère", "caractères")
        ),
    )
}

fn parts<'a>(context: &RuleContext<'a>) -> &'a [HtmlModel] {
    &context.analysis.html
}

/// `html_image_only(min, max)`: a part with an `<img>` tag whose whole source
/// is longer than `min` and at most `max` characters.
fn image_only(analysis: &Analysis, min: usize, max: usize) -> Option<&HtmlModel> {
    analysis
        .html
        .iter()
        .find(|p| p.has_tag("img") && p.length > min && p.length <= max)
}

/// `__HTML_IMG_ONLY`: `HTML_IMAGE_ONLY_04` … `_28`.
fn img_only(analysis: &Analysis) -> Option<&HtmlModel> {
    image_only(analysis, 0, 2800)
}

/// `__HTML_LINK_IMAGE`: an image inside a link, in some part.
fn link_image(analysis: &Analysis) -> Option<&HtmlModel> {
    analysis.html.iter().find(|p| p.has_linked_image())
}

/// A percentage with the language's decimal separator.
fn percent(ratio: f64, lang: Lang) -> String {
    let text = format!("{:.0}", ratio * 100.0);
    match lang {
        Lang::En => format!("{text}%"),
        Lang::Fr => format!("{text}\u{202f}%"),
    }
}

/// One test per band of `bands` (`(name, min, max, scores)`): `text` and
/// `check` get the band's bounds.
fn band_rules<T: Copy + Send + Sync + 'static>(
    bands: &[(&'static str, T, T, [f64; 4])],
    text: impl Fn(T, T) -> RuleText,
    check: impl Fn(&RuleContext<'_>, T, T) -> Option<Evidence> + Copy + Send + Sync + 'static,
) -> Vec<Rule> {
    bands
        .iter()
        .map(|&(name, min, max, scores)| {
            Rule::new(name, Family::Html, scores, text(min, max), move |context| {
                check(context, min, max)
            })
        })
        .collect()
}

pub(crate) fn rules() -> Vec<Rule> {
    let mut rules = vec![html_message()];
    rules.extend(image_only_rules());
    rules.extend(short_link_img_rules());
    rules.push(remote_image());
    rules.push(title_subject_diff());
    rules.push(mime_no_html_tag());
    rules.extend(tag_balance_rules());
    rules.push(font_low_contrast());
    rules.extend(obfuscation_rules());
    rules.extend(mixed_case::rules());
    rules
}

fn html_message() -> Rule {
    Rule::new(
        "HTML_MESSAGE",
        Family::Html,
        [0.001; 4],
        text!(
            description: ("The message contains HTML", "Le message contient du HTML"),
            explanation: (
                "At least one part of the message is an HTML document. This is common in legitimate mail too, so the test carries almost no weight; it mainly tells other tests that HTML was found.",
                "Au moins une partie du message est un document HTML. C'est courant dans le courrier légitime aussi, d'où un poids presque nul ; ce test indique surtout aux autres que du HTML a été trouvé."
            ),
            fix: (
                "Nothing to fix. If you want to avoid it, send a plain-text message.",
                "Rien à corriger. Pour l'éviter, envoyez un message en texte brut."
            ),
        ),
        |context| {
            let n = parts(context).iter().filter(|p| p.length > 0).count();
            (n > 0).then(|| {
                Localized::new(
                    format!("{} text/html", count(n, Lang::En, "part", "parts")),
                    format!("{} text/html", count(n, Lang::Fr, "partie", "parties")),
                )
            })
        },
    )
}

fn image_only_rules() -> Vec<Rule> {
    const BANDS: [(&str, usize, usize, [f64; 4]); 8] = [
        ("HTML_IMAGE_ONLY_04", 0, 400, [1.68, 0.342, 1.799, 1.172]),
        ("HTML_IMAGE_ONLY_08", 400, 800, [0.585, 1.781, 1.845, 1.651]),
        ("HTML_IMAGE_ONLY_12", 800, 1200, [1.381, 1.629, 1.4, 2.059]),
        (
            "HTML_IMAGE_ONLY_16",
            1200,
            1600,
            [1.969, 1.048, 1.199, 1.092],
        ),
        ("HTML_IMAGE_ONLY_20", 1600, 2000, [2.109, 0.7, 1.3, 1.546]),
        (
            "HTML_IMAGE_ONLY_24",
            2000,
            2400,
            [2.799, 1.282, 1.328, 1.618],
        ),
        (
            "HTML_IMAGE_ONLY_28",
            2400,
            2800,
            [2.799, 0.726, 1.512, 1.404],
        ),
        (
            "HTML_IMAGE_ONLY_32",
            2800,
            3200,
            [2.196, 0.001, 1.172, 0.001],
        ),
    ];
    band_rules(
        &BANDS,
        |min, max| {
            text!(
                description: (
                    format!("HTML part with images and only {min}–{max} characters in all"),
                    format!("Partie HTML avec des images et seulement {min} à {max} caractères en tout")
                ),
                explanation: (
                    "An HTML part shows at least one image but is very short: the whole HTML source, markup included, is within this size band. Spammers often send a picture of their text so that filters cannot read it.",
                    "Une partie HTML affiche au moins une image mais elle est très courte : toute la source HTML, balises comprises, tient dans cette tranche de taille. Les spammeurs envoient souvent une image de leur texte pour que les filtres ne puissent pas le lire."
                ),
                fix: (
                    "Put the message itself in real HTML text next to the images, and send a text/plain alternative with the same content.",
                    "Écrivez le message lui-même en vrai texte HTML à côté des images, et joignez une version text/plain au même contenu."
                ),
            )
        },
        |context, min, max| image_only(context.analysis, min, max).map(size_evidence),
    )
}

fn short_link_img_rules() -> Vec<Rule> {
    const BANDS: [(&str, usize, usize, [f64; 4]); 3] = [
        (
            "HTML_SHORT_LINK_IMG_1",
            0,
            1024,
            [2.215, 0.139, 0.48, 0.001],
        ),
        (
            "HTML_SHORT_LINK_IMG_2",
            1024,
            1536,
            [1.419, 0.259, 0.603, 0.001],
        ),
        (
            "HTML_SHORT_LINK_IMG_3",
            1536,
            2048,
            [0.691, 0.328, 0.001, 0.148],
        ),
    ];
    band_rules(
        &BANDS,
        |min, max| {
            text!(
                description: (
                    format!("Short HTML ({min}–{max} characters) with a linked image"),
                    format!("HTML court ({min} à {max} caractères) avec une image cliquable")
                ),
                explanation: (
                    "The message has a short HTML part and an image inside a link. A clickable picture with little text around it is a typical way to hide a spam offer from filters.",
                    "Le message a une partie HTML courte et une image placée dans un lien. Une image cliquable entourée de peu de texte est une façon classique de cacher une offre de spam aux filtres."
                ),
                fix: (
                    "Give the message real text content, and make links text links (or add clear text next to the linked image).",
                    "Donnez au message un vrai contenu textuel et préférez des liens sur du texte (ou ajoutez un texte clair à côté de l'image cliquable)."
                ),
            )
        },
        |context, min, max| {
            let analysis = context.analysis;
            // Two independent "any part" conditions, as in SpamAssassin.
            let short = analysis
                .html
                .iter()
                .find(|p| p.length > min && p.length <= max)?;
            let linked = link_image(analysis)?;
            let evidence = size_evidence(short);
            let images = linked
                .anchors
                .iter()
                .map(|a| a.matches("<img>").count())
                .sum::<usize>();
            Some(Localized::new(
                format!(
                    "{}; {} inside links",
                    evidence.en,
                    count(images, Lang::En, "image", "images")
                ),
                format!(
                    "{} ; {} dans des liens",
                    evidence.fr,
                    count(images, Lang::Fr, "image", "images")
                ),
            ))
        },
    )
}

fn remote_image() -> Rule {
    Rule::new(
        "T_REMOTE_IMAGE",
        Family::Html,
        [0.01; 4],
        text!(
            description: (
                "Image-only or linked-image HTML, not from a mailing list",
                "HTML fait d'images ou d'images cliquables, hors liste de diffusion"
            ),
            explanation: (
                "The HTML is mostly an image, or has an image inside a link, and nothing suggests a newsletter, a mailing list, an automated sender or an attached image. Despite its name the test does not check where the image comes from. It is a test rule with a tiny weight.",
                "Le HTML est surtout une image, ou contient une image dans un lien, et rien n'indique une lettre d'information, une liste de diffusion, un expéditeur automatique ou une image jointe. Malgré son nom, le test ne vérifie pas d'où vient l'image. C'est une règle d'essai au poids infime."
            ),
            fix: (
                "Add real text to the message and say how the recipient subscribed and can unsubscribe; mailing-list headers (List-Id, List-Unsubscribe) also help.",
                "Ajoutez du vrai texte au message et indiquez comment le destinataire s'est inscrit et peut se désinscrire ; des en-têtes de liste (List-Id, List-Unsubscribe) aident aussi."
            ),
        ),
        |context| {
            let analysis = context.analysis;
            let part = img_only(analysis).or_else(|| link_image(analysis))?;
            let signals = Signals::of(analysis);
            if signals.subscription_info
                || signals.via_mailing_list
                || signals.sender_bot
                || signals.image_attachment
            {
                return None;
            }
            Some(size_evidence(part))
        },
    )
}

fn title_subject_diff() -> Rule {
    Rule::new(
        "HTML_TITLE_SUBJ_DIFF",
        Family::Html,
        [1.149, 2.171, 1.801, 2.036],
        text!(
            description: (
                "HTML title much longer than the Subject",
                "Titre HTML bien plus long que l'objet"
            ),
            explanation: (
                "The <title> of an HTML part is more than 3.5 times as long as the Subject line. Bulk mail built from web pages, or stuffed with hidden words, often carries a title unrelated to its subject.",
                "Le <title> d'une partie HTML est plus de 3,5 fois plus long que l'objet du message. Le courrier de masse fabriqué à partir de pages web, ou bourré de mots cachés, porte souvent un titre sans rapport avec son objet."
            ),
            fix: (
                "Use the Subject as the HTML title, or remove the <title> element.",
                "Reprenez l'objet comme titre HTML, ou supprimez l'élément <title>."
            ),
        ),
        |context| {
            let analysis = context.analysis;
            if Signals::mime_attachment(analysis) {
                return None;
            }
            let subject = analysis.headers.get("Subject")?;
            let subject_len = subject.len();
            if subject_len == 0 {
                return None;
            }
            let (title_len, ratio) = analysis
                .html
                .iter()
                .flat_map(|p| p.titles.iter())
                .filter(|t| !t.is_empty() && t.as_str() != "0")
                .map(|t| {
                    let n = t.chars().count();
                    (n, n as f64 / subject_len as f64)
                })
                .filter(|(_, ratio)| *ratio > 3.5)
                .max_by(|a, b| a.1.total_cmp(&b.1))?;
            let ratio_en = format!("{ratio:.1}");
            let ratio_fr = ratio_en.replace('.', ",");
            Some(Localized::new(
                format!(
                    "title of {} for a Subject of {} ({ratio_en}×)",
                    count(title_len, Lang::En, "character", "characters"),
                    count(subject_len, Lang::En, "byte", "bytes"),
                ),
                format!(
                    "titre de {} pour un objet de {} ({ratio_fr}×)",
                    count(title_len, Lang::Fr, "caractère", "caractères"),
                    count(subject_len, Lang::Fr, "octet", "octets"),
                ),
            ))
        },
    )
}

fn mime_no_html_tag() -> Rule {
    Rule::new(
        "HTML_MIME_NO_HTML_TAG",
        Family::Html,
        [0.001, 0.635, 0.001, 0.377],
        text!(
            description: (
                "HTML-only message without an <html> tag",
                "Message uniquement HTML sans balise <html>"
            ),
            explanation: (
                "The message is HTML only, yet no HTML part has an <html> tag. Mail programs write complete documents; a fragment suggests a message assembled by a script.",
                "Le message est uniquement en HTML, mais aucune partie HTML n'a de balise <html>. Les logiciels de messagerie écrivent des documents complets ; un fragment évoque un message assemblé par un script."
            ),
            fix: (
                "Send a complete HTML document (<html><head>…</head><body>…</body></html>) and add a text/plain alternative.",
                "Envoyez un document HTML complet (<html><head>…</head><body>…</body></html>) et ajoutez une version text/plain."
            ),
        ),
        |context| {
            let parts = parts(context);
            (!parts.iter().any(|p| p.has_tag("html"))).then(|| {
                Localized::new(
                    format!(
                        "no <html> tag in {} text/html",
                        count(parts.len(), Lang::En, "part", "parts")
                    ),
                    format!(
                        "aucune balise <html> dans {} text/html",
                        count(parts.len(), Lang::Fr, "partie", "parties")
                    ),
                )
            })
        },
    )
    .requires("MIME_HTML_ONLY")
}

fn tag_balance_rules() -> Vec<Rule> {
    [
        ("HTML_TAG_BALANCE_BODY", "body", [0.1; 4]),
        ("HTML_TAG_BALANCE_HEAD", "head", [0.52, 0.0, 0.6, 0.817]),
    ]
    .into_iter()
    .map(|(name, tag, scores)| {
        Rule::new(
            name,
            Family::Html,
            scores,
            text!(
                description: (
                    format!("HTML has unbalanced <{tag}> tags"),
                    format!("Balises <{tag}> déséquilibrées dans le HTML")
                ),
                explanation: (
                    format!("An HTML part opens <{tag}> more often than it closes it (a missing </{tag}>, or a second <{tag}>). Careless templates and messages glued together by spam tools do this."),
                    format!("Une partie HTML ouvre <{tag}> plus souvent qu'elle ne la ferme (un </{tag}> manquant, ou un second <{tag}>). Les modèles bâclés et les messages assemblés par des outils de spam produisent cela.")
                ),
                fix: (
                    format!("Make sure the HTML has exactly one <{tag}> and one matching </{tag}>."),
                    format!("Vérifiez que le HTML contient exactement une balise <{tag}> et sa fermeture </{tag}>.")
                ),
            ),
            move |context| {
                parts(context)
                    .iter()
                    .find_map(|p| p.inside.get(tag).filter(|n| **n != 0))
                    .map(|open| {
                        let open = usize::try_from(*open).unwrap_or(0);
                        Localized::new(
                            format!("{} <{tag}> left open", count(open, Lang::En, "tag", "tags")),
                            format!(
                                "{} <{tag}> {}",
                                count(open, Lang::Fr, "balise", "balises"),
                                if open == 1 { "non fermée" } else { "non fermées" }
                            ),
                        )
                    })
            },
        )
    })
    .collect()
}

fn font_low_contrast() -> Rule {
    Rule::new(
        "HTML_FONT_LOW_CONTRAST",
        Family::Html,
        [0.713, 0.001, 0.786, 0.001],
        text!(
            description: (
                "HTML text in a colour too close to its background",
                "Texte HTML d'une couleur trop proche du fond"
            ),
            explanation: (
                "Some text is drawn in the same colour as its background, or one so close that a reader cannot see it. Hidden text is a classic trick to feed filters harmless words the reader never sees.",
                "Une partie du texte est écrite de la couleur de son fond, ou d'une couleur si proche que le lecteur ne peut pas la voir. Le texte caché est une ruse classique pour glisser aux filtres des mots anodins que le lecteur ne voit jamais."
            ),
            fix: (
                "Use clearly contrasting text and background colours, and remove any text you do not want the reader to see.",
                "Choisissez des couleurs de texte et de fond bien contrastées, et supprimez tout texte que le lecteur ne doit pas voir."
            ),
        ),
        |context| {
            let part = parts(context).iter().find(|p| p.font_low_contrast)?;
            let hidden = part.invisible.split_whitespace().count();
            Some(Localized::new(
                format!(
                    "text/html part: {} hidden or unreadable",
                    count(hidden, Lang::En, "word", "words")
                ),
                format!(
                    "partie text/html : {} {}",
                    count(hidden, Lang::Fr, "mot", "mots"),
                    if hidden == 1 {
                        "caché ou illisible"
                    } else {
                        "cachés ou illisibles"
                    }
                ),
            ))
        },
    )
}

fn obfuscation_rules() -> Vec<Rule> {
    const BANDS: [(&str, f64, f64, [f64; 4]); 7] = [
        (
            "HTML_OBFUSCATE_05_10",
            0.05,
            0.1,
            [0.601, 0.001, 0.718, 0.26],
        ),
        (
            "HTML_OBFUSCATE_10_20",
            0.1,
            0.2,
            [0.174, 1.162, 0.588, 0.093],
        ),
        (
            "HTML_OBFUSCATE_20_30",
            0.2,
            0.3,
            [2.499, 2.441, 1.449, 1.999],
        ),
        ("HTML_OBFUSCATE_30_40", 0.3, 0.4, [0.0; 4]),
        ("HTML_OBFUSCATE_50_60", 0.5, 0.6, [0.0; 4]),
        ("HTML_OBFUSCATE_70_80", 0.7, 0.8, [0.0; 4]),
        ("HTML_OBFUSCATE_90_100", 0.9, 1.0, [2.0; 4]),
    ];
    band_rules(
        &BANDS,
        |min, max| {
            let (lo, hi) = (min * 100.0, max * 100.0);
            text!(
                description: (
                    format!("Words split by HTML tags ({lo:.0}–{hi:.0}% of tags)"),
                    format!("Mots coupés par des balises HTML ({lo:.0} à {hi:.0} % des balises)")
                ),
                explanation: (
                    "Words in the HTML are cut in two by tags (\"V<b></b>iagra\"): on screen they read normally, but a filter looking at the source sees fragments. The share of such cuts among all tags is in this band.",
                    "Des mots du HTML sont coupés en deux par des balises (« V<b></b>iagra ») : à l'écran ils se lisent normalement, mais un filtre qui lit la source ne voit que des fragments. La part de ces coupures parmi toutes les balises se situe dans cette tranche."
                ),
                fix: (
                    "Do not place tags in the middle of words; style whole words or sentences.",
                    "Ne placez pas de balises au milieu des mots ; mettez en forme des mots ou des phrases entiers."
                ),
            )
        },
        |context, min, max| {
            parts(context).iter().find_map(|p| {
                let ratio = p.obfuscation_ratio()?;
                (ratio > min && ratio <= max).then(|| {
                    Localized::new(
                        format!(
                            "text/html part: {} split by tags out of {} ({})",
                            count(p.obfuscation, Lang::En, "word", "words"),
                            count(p.tags, Lang::En, "tag", "tags"),
                            percent(ratio, Lang::En)
                        ),
                        format!(
                            "partie text/html : {} {} par des balises sur {} ({})",
                            count(p.obfuscation, Lang::Fr, "mot", "mots"),
                            if p.obfuscation == 1 {
                                "coupé"
                            } else {
                                "coupés"
                            },
                            count(p.tags, Lang::Fr, "balise", "balises"),
                            percent(ratio, Lang::Fr)
                        ),
                    )
                })
            })
        },
    )
}

#[cfg(test)]
mod tests;
