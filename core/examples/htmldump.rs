use spamgauge::analysis::HtmlModel;
fn main() {
    for path in std::env::args().skip(1) {
        let src = std::fs::read_to_string(&path).unwrap().replace("\r\n", "\n");
        let m = HtmlModel::parse(0, &src, &Default::default(), &mut Vec::new());
        let v = serde_json::json!({
            "length": m.length, "tags": m.tags, "elements": m.elements, "obfuscation": m.obfuscation,
            "inside": m.inside, "rendered": m.rendered, "visible": m.visible, "invisible": m.invisible,
            "title": m.titles, "anchor": m.anchors, "image_area": m.image_area, "max_size": m.max_size, "min_size": m.min_size,
            "font_low_contrast": m.font_low_contrast, "font_invalid_color": m.font_invalid_color,
        });
        println!("{}\t{}", path, v);
    }
}
