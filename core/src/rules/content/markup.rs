//! Marks of HTML written by hand or by bulk-mail tools rather than by a mail
//! program: Outlook HTML without Outlook's document skeleton, invalid colours
//! and font names, stray end tags, web pages saved from a browser, unreadably
//! small text, and HTML files attached under a disguise.

use super::conversation::{SUBJECT_REPLY_OR_FORWARD, VIA_ML};
use super::fraud::DELIVERY_REPORT;
use super::priority::ENCRYPTED;
use super::{Expr, View, content_rule};
use crate::analysis::Analysis;
use crate::rules::freemail::tiny_font;
use crate::rules::mua::outlook_mailer;
use crate::rules::{Family, Rule};
use crate::text;

/// `__MIME_HTML`: the message's type is text/html, or some part is.
fn has_html_part(analysis: &Analysis) -> bool {
    analysis.headers.get("Content-Type").is_some_and(|ctype| {
        ctype
            .get(..9)
            .is_some_and(|t| t.eq_ignore_ascii_case("text/html"))
    }) || analysis
        .mime
        .nodes
        .iter()
        .any(|node| node.ctype == "text/html")
}

/// `__TAG_EXISTS_HTML && __TAG_EXISTS_HEAD && __TAG_EXISTS_META &&
/// __TAG_EXISTS_BODY`: each of the four tags in some HTML part.
fn outlook_skeleton(analysis: &Analysis) -> bool {
    ["html", "head", "meta", "body"]
        .iter()
        .all(|tag| analysis.html.iter().any(|part| part.has_tag(tag)))
}

/// `FORGED_OUTLOOK_TAGS`: Outlook in X-Mailer and HTML, but not the
/// `<html>`, `<head>`, `<meta>` and `<body>` tags Outlook always writes;
/// Yahoo! Groups' bulk relays are spared.
const FORGED_OUTLOOK_TAGS: Expr = Expr::All(&[
    Expr::Fact(|c| outlook_mailer(c.analysis).is_some()),
    Expr::Fact(|c| has_html_part(c.analysis)),
    Expr::Not(&Expr::Fact(|c| outlook_skeleton(c.analysis))),
    Expr::Not(&Expr::Match(
        View::Header("Received"),
        r"from \[\S+\] by \S+\.(?:groups|scd|dcn)\.yahoo\.com with NNFMP",
    )),
]);

/// `__KAM_HTML_FONT_INVALID`: a colour that is neither a known name nor a
/// well-formed number, in some HTML part.
const FONT_INVALID: Expr = Expr::Fact(|c| c.analysis.html.iter().any(|p| p.font_invalid_color));

/// `HTML_FONT_FACE_BAD`: a font face that is not a list of words.
const FONT_FACE_BAD: Expr = Expr::Fact(|c| c.analysis.html.iter().any(|p| p.font_face_bad));

/// `HTML_EXTRA_CLOSE`: more than 9 % of an HTML part's tags are end tags
/// with no start tag open.
const EXTRA_CLOSE: Expr = Expr::Fact(|c| {
    c.analysis
        .html
        .iter()
        .any(|p| p.closed_extra_ratio().is_some_and(|ratio| ratio > 0.09))
});

/// `HTML_COMMENT_SAVED_URL`: Internet Explorer's "saved from url" comment.
const SAVED_PAGE: Expr = Expr::Fact(|c| c.analysis.html.iter().any(|p| p.saved_page));

/// `__HTML_FONT_TINY_01`, `__HTML_FONT_TINY_02`: a CSS font size under 5
/// pixels, or a `<font size=-2>` or smaller, in the source of a text part.
const TINY_SOURCE_FONT: Expr = Expr::Match(
    View::RawBody,
    r#"(?i)font-size:\s{0,5}[0-4]px;|<font\s[^>]{0,80}size\s*=\s*["']?-(?:[2-9]|[1-9][0-9]+)["']?[^>]{0,80}>"#,
);

/// `HTML_FONT_TINY_NORDNS`: text too small to read, from a host without
/// reverse DNS, and no X-CID field.
const FONT_TINY_NORDNS: Expr = Expr::All(&[
    Expr::Match(View::RelaysExternal, r"\A[^\]]+ rdns= "),
    Expr::Not(&field_exists!("X-CID")),
    Expr::Any(&[TINY_SOURCE_FONT, Expr::Fact(|c| tiny_font(c.analysis))]),
]);

/// The MIME parts' last Content-Type values, each followed by a line break
/// (SpamAssassin's `mimeheader Content-Type`), matched by `regex`.
fn part_type_matches(analysis: &Analysis, regex: &regex::bytes::Regex) -> bool {
    analysis
        .mime
        .nodes
        .iter()
        .filter_map(|node| node.raw_content_type.as_deref())
        .any(|ctype| regex.is_match(ctype.as_bytes()))
}

/// An HTML file name in a part's Content-Type or Content-Disposition.
static HTML_FILE_TYPE: std::sync::LazyLock<regex::bytes::Regex> =
    std::sync::LazyLock::new(|| compile(r"(?i)\btext/html\b.+\.[a-z]?html?\b"));

/// A `filename=` ending in an HTML extension.
static HTML_FILE_NAME: std::sync::LazyLock<regex::bytes::Regex> =
    std::sync::LazyLock::new(|| compile(r#"(?i)\bfilename="?[^"]+\.[a-z]?html?\b"#));

/// An HTML file name in a part typed as opaque bytes.
static DISGUISED_HTML: std::sync::LazyLock<regex::bytes::Regex> =
    std::sync::LazyLock::new(|| compile(r"(?i)\bapplication/octet-stream\b.+\.[a-z]?html?\b"));

/// Compiles one of this file's constant byte patterns.
fn compile(pattern: &str) -> regex::bytes::Regex {
    #[allow(clippy::expect_used)] // constant pattern, covered by unit tests
    regex::bytes::Regex::new(&format!("(?-u){pattern}")).expect("valid built-in pattern")
}

/// `T_HTML_ATTACH`: a part named as an HTML file, by its type's name or its
/// disposition's file name.
const HTML_ATTACH: Expr = Expr::Fact(|c| {
    part_type_matches(c.analysis, &HTML_FILE_TYPE)
        || c.analysis
            .mime
            .nodes
            .iter()
            .filter_map(|node| node.raw_disposition.as_deref())
            .any(|value| HTML_FILE_NAME.is_match(value.as_bytes()))
});

/// `T_OBFU_HTML_ATTACH`: an HTML file sent as application/octet-stream.
const OBFU_HTML_ATTACH: Expr = Expr::Fact(|c| part_type_matches(c.analysis, &DISGUISED_HTML));

/// `DYN_RDNS_SHORT_HELO_HTML`: the newest external relay greeted with a
/// name without a dot (the dynamic reverse DNS and the HTML are required
/// hits).
const SHORT_HELO: Expr = Expr::Match(View::RelaysExternal, r"\A[^\]]+ helo=[^.]+ ");

/// `OBFU_TEXT_ATTACH`: a text file name in a part typed as opaque bytes.
static DISGUISED_TEXT: std::sync::LazyLock<regex::bytes::Regex> =
    std::sync::LazyLock::new(|| compile(r"(?i)\bapplication/octet-stream\b.+\.txt\b"));

/// `OBFU_TEXT_ATTACH`: a text file sent as application/octet-stream.
const OBFU_TEXT_ATTACH: Expr = Expr::Fact(|c| part_type_matches(c.analysis, &DISGUISED_TEXT));

/// `AC_BR_BONANZA`: thirty `<br>` tags in a row, only blanks between them.
const BR_BONANZA: Expr = Expr::Match(View::RawBody, r"(?i)(?:<br>\s*){30}");

/// A comment of one word glued between two letters or digits (`wo<!-- x
/// -->rd`), which splits a word for filters but not for the reader
/// (`__HTML_SHRT_CMNT_OBFU`).
macro_rules! word_split_by_comment {
    () => {
        r"\w<!--\s*\w+\s*-->\w"
    };
}

/// `<span` glued after two small letters (`__SPAN_BEG_TEXT`).
macro_rules! span_after_letters {
    () => {
        r"[a-z]{2}<(?i:span)\s"
    };
}

/// `</span>` glued before three small letters, and not right after a `;`
/// or a `>` (`__SPAN_END_TEXT`).
macro_rules! span_before_letters {
    () => {
        r"[^;>]</(?i:span)>[a-z]{3}"
    };
}

/// How many times `regex` matches in the source of the text parts, counted
/// up to `most` (SpamAssassin's `tflags multiple maxhits=`).
fn rawbody_count(analysis: &Analysis, regex: &regex::bytes::Regex, most: usize) -> usize {
    analysis
        .mime
        .rawbody()
        .flat_map(|(_, bytes)| regex.find_iter(bytes))
        .take(most)
        .count()
}

/// `HTML_SHRT_CMNT_OBFU_MANY`: more than five words split by a comment
/// (the test also requires HTML_MESSAGE).
const SHORT_COMMENT_OBFU_MANY: Expr = Expr::All(&[
    Expr::Match(View::RawBody, word_split_by_comment!()),
    Expr::Fact(|c| {
        static SPLIT: std::sync::LazyLock<regex::bytes::Regex> =
            std::sync::LazyLock::new(|| compile(word_split_by_comment!()));
        rawbody_count(c.analysis, &SPLIT, 10) > 5
    }),
]);

/// `MANY_SPAN_IN_TEXT`: five `<span>` tags opened right after letters and
/// five closed right before letters (each count capped at five, as
/// SpamAssassin's), outside mailing lists.
const MANY_SPAN_IN_TEXT: Expr = Expr::All(&[
    Expr::Match(View::RawBody, span_after_letters!()),
    Expr::Match(View::RawBody, span_before_letters!()),
    Expr::Fact(|c| {
        static OPEN: std::sync::LazyLock<regex::bytes::Regex> =
            std::sync::LazyLock::new(|| compile(span_after_letters!()));
        static CLOSE: std::sync::LazyLock<regex::bytes::Regex> =
            std::sync::LazyLock::new(|| compile(span_before_letters!()));
        rawbody_count(c.analysis, &OPEN, 5) > 4 && rawbody_count(c.analysis, &CLOSE, 5) > 4
    }),
    Expr::Not(&VIA_ML),
]);

/// A part named as a PDF file, or typed as one (`__PDF_ATTACH`).
fn pdf_attached(analysis: &Analysis) -> bool {
    static PDF_TYPE: std::sync::LazyLock<regex::bytes::Regex> =
        std::sync::LazyLock::new(|| compile(r#"(?i)\bapplication/pdf\b|="[^"]+\.pdf""#));
    static PDF_NAME: std::sync::LazyLock<regex::bytes::Regex> =
        std::sync::LazyLock::new(|| compile(r#"(?i)="[^"]+\.pdf""#));
    part_type_matches(analysis, &PDF_TYPE)
        || analysis
            .mime
            .nodes
            .iter()
            .filter_map(|node| node.raw_disposition.as_deref())
            .any(|value| PDF_NAME.is_match(value.as_bytes()))
}

/// Some MIME part's type is `text/…` (`__ANY_TEXT_ATTACH`).
fn any_text_part(analysis: &Analysis) -> bool {
    static TEXT_TYPE: std::sync::LazyLock<regex::bytes::Regex> =
        std::sync::LazyLock::new(|| compile(r"(?i)text/\w+"));
    part_type_matches(analysis, &TEXT_TYPE)
}

/// `__MSGID_APPLEMAIL`: a Message-ID of Apple Mail's form, a GUID in
/// capitals at a host.
const APPLE_MAIL_MSGID: Expr = Expr::Match(
    View::Header("Message-Id"),
    r"\A<[0-9A-F]{8}-(?:[0-9A-F]{4}-){3}[0-9A-F]{12}@\S+>\n?\z",
);

/// `__USER_AGENT_APPLEMAIL` without its Message-ID alternative (which
/// [`MIME_NO_TEXT`] excludes on its own): Apple Mail's X-Mailer and
/// MIME-Version, in a message whose type is not HTML.
const APPLE_MAIL_AGENT: Expr = Expr::All(&[
    Expr::Not(&Expr::Match(View::Header("Content-Type"), r"(?i)text/html")),
    Expr::Match(
        View::Header("X-Mailer"),
        r"\AApple Mail \([0-9]\.[0-9]+(?:\.[0-9]+)?\)\n?\z",
    ),
    Expr::Match(
        View::Header("Mime-Version"),
        r"\A1\.0 \(Apple Message framework v[0-9]+(?:\.[0-9]+)?\)\n?\z",
    ),
]);

/// `MIME_NO_TEXT`: a multipart message none of whose parts is typed as
/// text, but delivery reports, encrypted mail, mail from trusted hosts,
/// Apple Mail, replies and forwards, PDF attachments and bodies of 128
/// bytes or less.
const MIME_NO_TEXT: Expr = Expr::All(&[
    Expr::Match(View::Header("Content-Type"), r"(?i)multipart/\w+"),
    Expr::Not(&Expr::Fact(|c| any_text_part(c.analysis))),
    Expr::Not(&DELIVERY_REPORT),
    Expr::Not(&ENCRYPTED),
    Expr::Not(&Expr::Fact(|c| c.fired("ALL_TRUSTED"))),
    Expr::Not(&APPLE_MAIL_MSGID),
    Expr::Not(&APPLE_MAIL_AGENT),
    Expr::Not(&field_exists!("In-Reply-To")),
    Expr::Not(&field_exists!("References")),
    Expr::Not(&SUBJECT_REPLY_OR_FORWARD),
    Expr::Not(&Expr::Fact(|c| pdf_attached(c.analysis))),
    Expr::Fact(|c| c.analysis.pristine_body_len > 128),
]);

pub(super) fn rules() -> Vec<Rule> {
    vec![
        content_rule(
            "FORGED_OUTLOOK_TAGS",
            Family::Html,
            [0.003, 0.565, 0.001, 0.052],
            &FORGED_OUTLOOK_TAGS,
            text!(
                description: (
                    "Claims Outlook, but its HTML is not Outlook's",
                    "Se dit Outlook, mais son HTML n'est pas celui d'Outlook"
                ),
                explanation: (
                    "The X-Mailer field names Microsoft Outlook and the message has HTML, yet the HTML lacks one of the <html>, <head>, <meta> and <body> tags Outlook always writes. Another program wrote the message and borrowed Outlook's name.",
                    "Le champ X-Mailer cite Microsoft Outlook et le message contient du HTML, mais il y manque l'une des balises <html>, <head>, <meta> et <body> qu'Outlook écrit toujours. Un autre programme a écrit le message et a emprunté le nom d'Outlook."
                ),
                fix: (
                    "Do not name a mail program you do not use in X-Mailer, or write a complete HTML document.",
                    "Ne citez pas dans X-Mailer un logiciel que vous n'utilisez pas, ou écrivez un document HTML complet."
                ),
            ),
        ),
        content_rule(
            "T_KAM_HTML_FONT_INVALID",
            Family::Html,
            [0.01; 4],
            &FONT_INVALID,
            text!(
                description: (
                    "HTML colour that is not a valid name or number",
                    "Couleur HTML qui n'est ni un nom ni un nombre valide"
                ),
                explanation: (
                    "Text in the HTML is given a colour that is neither a known colour name nor a well-formed number (such as #1a2b3c). Editors write valid colours; hand-made spam templates often do not. This is a test rule with a token weight.",
                    "Du texte du HTML reçoit une couleur qui n'est ni un nom de couleur connu ni un nombre bien formé (comme #1a2b3c). Les éditeurs écrivent des couleurs valides ; les modèles de spam faits main souvent pas. C'est une règle d'essai au poids symbolique."
                ),
                fix: (
                    "Write colours as names (red) or as #rrggbb numbers.",
                    "Écrivez les couleurs sous forme de noms (red) ou de nombres #rrggbb."
                ),
            ),
        ),
        content_rule(
            "HTML_FONT_FACE_BAD",
            Family::Html,
            [0.001; 4],
            &FONT_FACE_BAD,
            text!(
                description: (
                    "HTML font name that is not a word",
                    "Nom de police HTML qui n'est pas un mot"
                ),
                explanation: (
                    "A <font face=...> names something that is not a list of font names: digits, symbols or random characters. Bulk-mail tools fill it with junk to vary their messages.",
                    "Une balise <font face=...> cite autre chose qu'une liste de noms de polices : des chiffres, des symboles ou des caractères au hasard. Les outils d'envoi en masse y mettent n'importe quoi pour varier leurs messages."
                ),
                fix: (
                    "Give font faces real font names, or use CSS.",
                    "Donnez aux polices de vrais noms, ou utilisez CSS."
                ),
            ),
        ),
        content_rule(
            "HTML_EXTRA_CLOSE",
            Family::Html,
            [0.001; 4],
            &EXTRA_CLOSE,
            text!(
                description: (
                    "HTML has far too many end tags",
                    "Le HTML a beaucoup trop de balises fermantes"
                ),
                explanation: (
                    "More than 9% of the tags of an HTML part close an element that was never opened. HTML editors do not write such markup; spam tools that cut and paste fragments do.",
                    "Plus de 9 % des balises d'une partie HTML ferment un élément qui n'a jamais été ouvert. Les éditeurs HTML n'écrivent pas un tel balisage ; les outils de spam qui collent des fragments, si."
                ),
                fix: (
                    "Close only the elements you open; check the HTML with a validator.",
                    "Ne fermez que les éléments ouverts ; vérifiez le HTML avec un validateur."
                ),
            ),
        ),
        content_rule(
            "HTML_COMMENT_SAVED_URL",
            Family::Html,
            [0.198, 0.357, 0.899, 1.391],
            &SAVED_PAGE,
            text!(
                description: (
                    "HTML is a web page saved from a browser",
                    "Le HTML est une page web enregistrée depuis un navigateur"
                ),
                explanation: (
                    "The HTML holds the \"saved from url=\" comment Internet Explorer writes into pages it saves. The message body is a saved web page sent as mail, a habit of spammers rather than of mail programs.",
                    "Le HTML contient le commentaire « saved from url= » qu'Internet Explorer écrit dans les pages qu'il enregistre. Le corps du message est une page web enregistrée envoyée telle quelle, une habitude de spammeurs plutôt que de logiciels de messagerie."
                ),
                fix: (
                    "Write the message in a mail program rather than sending a saved web page.",
                    "Rédigez le message dans un logiciel de messagerie plutôt que d'envoyer une page web enregistrée."
                ),
            ),
        ),
        content_rule(
            "HTML_FONT_TINY_NORDNS",
            Family::Html,
            [1.0; 4],
            &FONT_TINY_NORDNS,
            text!(
                description: (
                    "Text too small to read, from a host without reverse DNS",
                    "Texte trop petit pour être lu, depuis un hôte sans DNS inverse"
                ),
                explanation: (
                    "The HTML sets a font too small to read (under 5 pixels, or size -2 and below), and the machine that handed the message to our network has no reverse DNS name. Tiny text hides words for filters; hosts without a name are typical of hijacked machines.",
                    "Le HTML fixe une police trop petite pour être lue (moins de 5 pixels, ou taille -2 et moins), et la machine qui a remis le message à notre réseau n'a pas de nom DNS inverse. Le texte minuscule cache des mots aux filtres ; les hôtes sans nom sont typiques des machines piratées."
                ),
                fix: (
                    "Use readable font sizes, and send through a server with a proper reverse DNS name.",
                    "Utilisez des tailles de police lisibles, et envoyez par un serveur doté d'un vrai nom DNS inverse."
                ),
            ),
        ),
        content_rule(
            "T_HTML_ATTACH",
            Family::Mime,
            [0.01; 4],
            &HTML_ATTACH,
            text!(
                description: (
                    "HTML file attached",
                    "Fichier HTML joint"
                ),
                explanation: (
                    "A part of the message is an HTML file (its name ends in .htm or .html). Phishing sends its fake login pages as attached files, which link scanners of the message body do not open. This is a test rule with a token weight.",
                    "Une partie du message est un fichier HTML (son nom finit par .htm ou .html). L'hameçonnage envoie ses fausses pages de connexion en pièces jointes, que les analyseurs de liens du corps du message n'ouvrent pas. C'est une règle d'essai au poids symbolique."
                ),
                fix: (
                    "Put the content in the body of the message, or link to it.",
                    "Mettez le contenu dans le corps du message, ou donnez un lien."
                ),
            ),
        ),
        content_rule(
            "T_OBFU_HTML_ATTACH",
            Family::Mime,
            [0.01; 4],
            &OBFU_HTML_ATTACH,
            text!(
                description: (
                    "HTML file attached as opaque binary data",
                    "Fichier HTML joint comme données binaires opaques"
                ),
                explanation: (
                    "An attached file named .htm or .html is declared application/octet-stream instead of text/html, which hides it from scanners that look at HTML. This is a test rule with a token weight.",
                    "Un fichier joint nommé .htm ou .html est déclaré application/octet-stream au lieu de text/html, ce qui le cache aux analyseurs qui examinent le HTML. C'est une règle d'essai au poids symbolique."
                ),
                fix: (
                    "Attach HTML files with their real type, text/html.",
                    "Joignez les fichiers HTML avec leur vrai type, text/html."
                ),
            ),
        ),
        content_rule(
            "OBFU_TEXT_ATTACH",
            Family::Mime,
            [1.0; 4],
            &OBFU_TEXT_ATTACH,
            text!(
                description: (
                    "A text file attached under a non-text type",
                    "Un fichier texte joint sous un type qui n'est pas du texte"
                ),
                explanation: (
                    "A part is named as a .txt file but typed application/octet-stream, opaque bytes. Mail programs label text files as text; a disguised one usually hides a script or a scam that filters would otherwise read.",
                    "Une partie porte le nom d'un fichier .txt mais le type application/octet-stream, des octets opaques. Les logiciels de messagerie déclarent les fichiers texte comme du texte ; un fichier déguisé cache en général un script ou une escroquerie que les filtres liraient sinon."
                ),
                fix: (
                    "Attach text files as text/plain.",
                    "Joignez les fichiers texte en text/plain."
                ),
            ),
        ),
        content_rule(
            "AC_BR_BONANZA",
            Family::Html,
            [1.0; 4],
            &BR_BONANZA,
            text!(
                description: (
                    "Thirty line breaks in a row",
                    "Trente sauts de ligne d'affilée"
                ),
                explanation: (
                    "The HTML source has thirty or more <br> tags in a row, with nothing but blanks between them. Spam templates push their real content, or hidden text, far down the page this way.",
                    "La source HTML contient au moins trente balises <br> d'affilée, séparées seulement par des blancs. Les modèles de spam repoussent ainsi leur vrai contenu, ou un texte caché, loin en bas de la page."
                ),
                fix: (
                    "Lay out the message with paragraphs and margins, not runs of line breaks.",
                    "Mettez le message en page avec des paragraphes et des marges, pas des suites de sauts de ligne."
                ),
            ),
        ),
        content_rule(
            "HTML_SHRT_CMNT_OBFU_MANY",
            Family::Html,
            [1.0; 4],
            &SHORT_COMMENT_OBFU_MANY,
            text!(
                description: (
                    "Words split by many short HTML comments",
                    "Des mots coupés par de nombreux courts commentaires HTML"
                ),
                explanation: (
                    "More than five times, the HTML source puts a one-word comment in the middle of a word (\"Vi<!-- x -->agra\"). The reader sees the word whole, but a filter reading the source sees two meaningless halves: a trick to hide the words spam is known by.",
                    "Plus de cinq fois, la source HTML place un commentaire d'un mot au milieu d'un mot (« Vi<!-- x -->agra »). Le lecteur voit le mot entier, mais un filtre qui lit la source en voit deux moitiés sans sens : une ruse pour cacher les mots qui trahissent le spam."
                ),
                fix: (
                    "Do not put comments inside words.",
                    "Ne placez pas de commentaires à l'intérieur des mots."
                ),
            ),
        )
        .requires("HTML_MESSAGE"),
        content_rule(
            "MANY_SPAN_IN_TEXT",
            Family::Html,
            [1.0; 4],
            &MANY_SPAN_IN_TEXT,
            text!(
                description: (
                    "Many <span> tags inside words",
                    "De nombreuses balises <span> à l'intérieur des mots"
                ),
                explanation: (
                    "At least five times each, the HTML source opens a <span> right after letters and closes one right before letters: words are cut into pieces that display whole but read as fragments to a filter. The message did not come through a mailing list.",
                    "Au moins cinq fois chacune, la source HTML ouvre une balise <span> juste après des lettres et en ferme une juste avant des lettres : les mots sont coupés en morceaux qui s'affichent entiers mais qu'un filtre lit comme des fragments. Le message n'est pas passé par une liste de diffusion."
                ),
                fix: (
                    "Style whole words or phrases, not pieces of words.",
                    "Appliquez les styles à des mots ou des phrases entiers, pas à des morceaux de mots."
                ),
            ),
        ),
    ]
}

/// Tests that read the hits of the relay and HTML tests: registered after
/// them.
pub(super) fn late_rules() -> Vec<Rule> {
    vec![
        content_rule(
            "MIME_NO_TEXT",
            Family::Mime,
            [1.0; 4],
            &MIME_NO_TEXT,
            text!(
                description: (
                    "No part is typed as text",
                    "Aucune partie n'est déclarée comme du texte"
                ),
                explanation: (
                    "The message is multipart but none of its parts is declared text/plain, text/html or any other text type, so mail programs show no body, only attachments. Senders of malware and of image-only spam build messages this way; replies, forwards, encrypted mail, delivery reports and PDF attachments are spared.",
                    "Le message est en plusieurs parties mais aucune n'est déclarée text/plain, text/html ou d'un autre type texte : les logiciels de messagerie n'affichent aucun corps, seulement des pièces jointes. Les expéditeurs de logiciels malveillants et de spam fait d'images construisent ainsi leurs messages ; les réponses, transferts, courriels chiffrés, avis de non-remise et pièces jointes PDF sont épargnés."
                ),
                fix: (
                    "Include a text part that says what the attachments are.",
                    "Ajoutez une partie texte qui dit ce que sont les pièces jointes."
                ),
            ),
        ),
        content_rule(
            "DYN_RDNS_SHORT_HELO_HTML",
            Family::Relay,
            [0.001, 0.001, 0.0, 0.001],
            &SHORT_HELO,
            text!(
                description: (
                    "HTML from a dynamic address that greeted with a bare name",
                    "HTML depuis une adresse dynamique qui s'est présentée sous un nom nu"
                ),
                explanation: (
                    "The message is HTML, the host that handed it over has a reverse DNS name typical of home connections, and it greeted our server with a name without any dot. Together these describe a home computer sending mail directly, as infected machines do.",
                    "Le message est en HTML, l'hôte qui l'a remis a un nom DNS inverse typique des connexions domestiques, et il s'est présenté à notre serveur sous un nom sans aucun point. Réunis, ils décrivent un ordinateur domestique qui envoie du courrier directement, comme le font les machines infectées."
                ),
                fix: (
                    "Send through your provider's mail server, which greets with its full name.",
                    "Envoyez par le serveur de messagerie de votre fournisseur, qui se présente sous son nom complet."
                ),
            ),
        )
        .requires("RDNS_DYNAMIC")
        .requires("HTML_MESSAGE"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Inputs;
    use crate::rules::testing::{analyse, fired};

    /// The tests of this file that fire on a message with these header lines
    /// and this body (but the late one, whose required hits are not there).
    fn fired_on(header: &str, body: &str) -> Vec<String> {
        let message =
            format!("From: a@example.com\nTo: b@example.org\nSubject: hi\n{header}\n{body}\n");
        fired(rules(), &analyse(&message), &Inputs::default())
    }

    const HTML: &str = "MIME-Version: 1.0\nContent-Type: text/html\n";

    #[test]
    fn outlook_without_its_skeleton() {
        let outlook = format!("{HTML}X-Mailer: Microsoft Outlook 16.0\n");
        assert_eq!(
            fired_on(&outlook, "<p>Buy now</p>"),
            ["FORGED_OUTLOOK_TAGS"]
        );
        let skeleton = "<html><head><meta charset=utf-8></head><body><p>Hi</p></body></html>";
        assert!(fired_on(&outlook, skeleton).is_empty());
        assert!(fired_on(HTML, "<p>Buy now</p>").is_empty());
    }

    #[test]
    fn markup_oddities() {
        assert_eq!(
            fired_on(HTML, "<font color=\"#ggg\">x</font>"),
            ["T_KAM_HTML_FONT_INVALID"]
        );
        assert_eq!(
            fired_on(HTML, "<font face=\"1234\">x</font>"),
            ["HTML_FONT_FACE_BAD"]
        );
        assert!(fired_on(HTML, "<font face=\"Arial, Helvetica\">x</font>").is_empty());
        assert_eq!(
            fired_on(HTML, "<p>x</p></b></i></u></b>"),
            ["HTML_EXTRA_CLOSE"]
        );
        assert!(fired_on(HTML, "<p><b>x</b></p>").is_empty());
        assert_eq!(
            fired_on(
                HTML,
                "<!-- saved from url=(0022)http://internet.e-mail -->\n<p>x</p>"
            ),
            ["HTML_COMMENT_SAVED_URL"]
        );
    }

    #[test]
    fn tiny_font_from_a_host_without_name() {
        let nameless =
            "Received: from pc ([198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        let named = "Received: from pc (host.example.org [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\n";
        let tiny = "<p style=\"font-size: 1px;\">hidden</p>";
        assert_eq!(
            fired_on(&format!("{nameless}{HTML}"), tiny),
            ["HTML_FONT_TINY_NORDNS"]
        );
        assert!(fired_on(&format!("{named}{HTML}"), tiny).is_empty());
        assert!(
            fired_on(
                &format!("{nameless}{HTML}"),
                "<p style=\"font-size: 12px;\">x</p>"
            )
            .is_empty()
        );
    }

    #[test]
    fn html_attachments() {
        let attached = |ctype: &str, disposition: &str| {
            fired_on(
                "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n",
                &format!(
                    "--b\nContent-Type: text/plain\n\nsee attached\n--b\nContent-Type: {ctype}\nContent-Disposition: {disposition}\n\nPGh0bWw+\n--b--"
                ),
            )
        };
        assert_eq!(
            attached("text/html; name=\"invoice.html\"", "attachment"),
            ["T_HTML_ATTACH"]
        );
        assert_eq!(
            attached(
                "application/octet-stream; name=\"invoice.htm\"",
                "attachment"
            ),
            ["T_OBFU_HTML_ATTACH"]
        );
        assert_eq!(
            attached(
                "application/octet-stream",
                "attachment; filename=\"login.shtml\""
            ),
            ["T_HTML_ATTACH"]
        );
        assert!(
            attached(
                "application/pdf; name=\"a.pdf\"",
                "attachment; filename=\"a.pdf\""
            )
            .is_empty()
        );
        assert_eq!(
            attached("application/octet-stream; name=\"notes.txt\"", "attachment"),
            ["OBFU_TEXT_ATTACH"]
        );
        assert!(attached("text/plain; name=\"notes.txt\"", "attachment").is_empty());
    }

    #[test]
    fn tricks_in_the_html_source() {
        let breaks = |n: usize| format!("<p>a</p>{}<p>b</p>", "<br>\n".repeat(n));
        assert_eq!(fired_on(HTML, &breaks(30)), ["AC_BR_BONANZA"]);
        assert!(fired_on(HTML, &breaks(29)).is_empty());
        let split = |n: usize| "Vi<!-- x -->agra ".repeat(n);
        assert_eq!(fired_on(HTML, &split(6)), ["HTML_SHRT_CMNT_OBFU_MANY"]);
        assert!(fired_on(HTML, &split(5)).is_empty());
        let spans = "wo<span style=\"color:red\">rd</span>ing ".repeat(5);
        assert_eq!(fired_on(HTML, &spans), ["MANY_SPAN_IN_TEXT"]);
        let list = format!("{HTML}List-Id: <list.example.com>\n");
        assert!(fired_on(&list, &spans).is_empty());
        let four = "wo<span style=\"color:red\">rd</span>ing ".repeat(4);
        assert!(fired_on(HTML, &four).is_empty());
    }

    #[test]
    fn no_text_part() {
        let only = |header: &str, ctype: &str| {
            let message = format!(
                "From: a@example.com\nTo: b@example.org\nSubject: hi\n{header}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: {ctype}\nContent-Transfer-Encoding: base64\n\n{}\n--b--\n",
                "QUFB".repeat(40)
            );
            fired(late_rules(), &analyse(&message), &Inputs::default())
        };
        assert_eq!(only("", "image/png"), ["MIME_NO_TEXT"]);
        assert!(only("In-Reply-To: <0@example.org>\n", "image/png").is_empty());
        assert!(only("", "text/plain").is_empty());
        assert!(only("", "application/pdf").is_empty());
    }

    #[test]
    fn bare_greeting() {
        let relays = |helo: &str| {
            let message = format!(
                "Received: from {helo} (dsl-1-2-3-4.dyn.example.net [198.51.100.2]) by mx.example.net (Postfix) with ESMTP id A1\nFrom: a@example.com\n\nx\n"
            );
            fired(late_rules(), &analyse(&message), &Inputs::default())
        };
        assert_eq!(relays("pc"), ["DYN_RDNS_SHORT_HELO_HTML"]);
        assert!(relays("pc.example.net").is_empty());
    }
}
