//! Markdown to safe HTML (pulldown-cmark): raw HTML is dropped, images become their alt
//! text, links are kept only to the official hosts of `data/official-hosts.toml` over https
//! (a lesson's example links are invented and stay plain text), and a fenced block of
//! language `phone` becomes an accessible HTML/CSS mock phone screen.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::Lang;

/// The styles of the mock phone screen; pages that show lessons include them.
pub const PHONE_CSS: &str = "
.phone{max-width:22rem;margin:1rem auto;padding:.9rem .7rem 1.2rem;border:3px solid #222;border-radius:2rem;background:#222}
.phone-screen{background:#f4f6f8;border-radius:1.3rem;padding:.7rem;color:#111}
.phone-bar{display:flex;justify-content:space-between;font-size:.85rem;color:#333}
.phone-from{font-weight:700;margin:.4rem 0;word-break:break-all}
.phone-bubble{background:#fff;border:1px solid #bbb;border-radius:1rem;padding:.6rem .8rem;white-space:pre-wrap;word-break:break-word}
.phone-call .phone-bubble{background:#e9f0ff}
.phone figcaption{color:#eee;font-size:.8rem;text-align:center;margin-top:.5rem}
";

/// The kinds of message a phone block may show.
pub const PHONE_KINDS: [&str; 6] = ["sms", "zalo", "messenger", "call", "email", "telegram"];

/// One mock message of a ```` ```phone ```` block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PhoneBlock {
    /// `from:` — the sender as the phone shows it.
    pub from: String,
    /// `time:` — the time shown.
    pub time: String,
    /// `kind:` — one of [`PHONE_KINDS`] (empty when not given).
    pub kind: String,
    /// The message.
    pub text: String,
}

impl PhoneBlock {
    /// Parses the block's text: header lines `from:`, `time:`, `kind:` (a trailing ` # …`
    /// comment is ignored), then the message.
    pub fn parse(src: &str) -> PhoneBlock {
        let mut block = PhoneBlock::default();
        let mut lines = src.lines().peekable();
        while let Some(line) = lines.peek() {
            let Some((key, value)) = line.split_once(':') else { break };
            let value = match value.find(" #") {
                Some(i) => &value[..i],
                None => value,
            }
            .trim()
            .to_string();
            match key.trim().to_ascii_lowercase().as_str() {
                "from" => block.from = value,
                "time" => block.time = value,
                "kind" => block.kind = value.to_ascii_lowercase(),
                _ => break,
            }
            lines.next();
        }
        block.text = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        block
    }

    fn kind_label(&self, lang: Lang) -> &'static str {
        let vi = lang == Lang::Vi;
        match self.kind.as_str() {
            "zalo" => "Zalo",
            "messenger" => "Messenger",
            "telegram" => "Telegram",
            "email" => "E-mail",
            "call" if vi => "Cuộc gọi đến",
            "call" => "Incoming call",
            _ if vi => "Tin nhắn SMS",
            _ => "SMS",
        }
    }

    /// The mock phone as HTML (every value escaped).
    pub fn html(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let label = self.kind_label(lang);
        let aria = if vi {
            format!("Màn hình điện thoại minh hoạ: {label} từ {}", self.from)
        } else {
            format!("Illustrated phone screen: {label} from {}", self.from)
        };
        let caption = if vi {
            "Ví dụ minh hoạ, nội dung bịa ra; không phải tin nhắn thật."
        } else {
            "Invented example for illustration; not a real message."
        };
        let class = if self.kind == "call" { "phone phone-call" } else { "phone" };
        let from_label = if vi { "Từ" } else { "From" };
        format!(
            "<figure class=\"{class}\" role=\"group\" aria-label=\"{}\"><div class=\"phone-screen\"><div class=\"phone-bar\"><span>{}</span><span>{}</span></div><div class=\"phone-from\"><span class=\"visually-hidden\">{from_label}: </span>{}</div><div class=\"phone-bubble\">{}</div></div><figcaption>{caption}</figcaption></figure>\n",
            escape(&aria),
            escape(label),
            escape(&self.time),
            escape(&self.from),
            escape(&self.text),
        )
    }
}

/// HTML-escapes text for element content and quoted attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The lists of `data/official-hosts.toml`.
#[derive(serde::Deserialize, Default)]
struct HostLists {
    hosts: Vec<String>,
    #[serde(default)]
    named: Vec<String>,
}

fn host_lists() -> &'static HostLists {
    static LISTS: std::sync::OnceLock<HostLists> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        toml::from_str::<HostLists>(include_str!("../data/official-hosts.toml")).unwrap_or_default()
    })
}

/// The hosts a rendered link may point to, from `data/official-hosts.toml`.
pub fn official_hosts() -> &'static [String] {
    &host_lists().hosts
}

/// Whether `host` is a real brand's domain or a public suffix a lesson may name in its text to
/// show how a fake link borrows it ("facebook.com.binhchon….example", "gov.vn" at the front);
/// never a link target (`named` of `data/official-hosts.toml`).
pub fn is_named_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    host_lists().named.contains(&host)
}

/// Whether `host` is an official host or under one.
pub fn is_official_host(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    official_hosts().iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
}

/// The host of an `https://` URL.
fn https_host(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#', ':']).unwrap_or(rest.len());
    Some(&rest[..end])
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Renders lesson Markdown to safe HTML.
pub fn markdown(src: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(src.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out, safe_events(src, lang).into_iter());
    out
}

/// The events of `src` with raw HTML, images and unofficial links removed and phone blocks
/// replaced by their HTML (the only HTML events left are the ones built here, escaped).
fn safe_events(src: &str, lang: Lang) -> Vec<Event<'_>> {
    let mut out = Vec::new();
    let mut phone: Option<String> = None;
    let mut links: Vec<bool> = Vec::new();
    for ev in Parser::new_ext(src, options()) {
        if let Some(buf) = phone.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let block = PhoneBlock::parse(buf);
                    out.push(Event::Html(CowStr::from(block.html(lang))));
                    phone = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if info.split_whitespace().next() == Some("phone") =>
            {
                phone = Some(String::new());
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Link { ref dest_url, .. }) => {
                let keep = https_host(dest_url).is_some_and(is_official_host);
                links.push(keep);
                if keep {
                    out.push(ev);
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    out.push(ev);
                }
            }
            ev => out.push(ev),
        }
    }
    out
}

/// The mock messages of a body's phone blocks, in order.
pub fn phone_blocks(src: &str) -> Vec<PhoneBlock> {
    body_parts(src).phones
}

/// What a body holds that the linter checks: raw HTML snippets, phone blocks, link targets.
#[derive(Debug, Default)]
pub(crate) struct BodyParts {
    pub(crate) raw_html: Vec<String>,
    pub(crate) phones: Vec<PhoneBlock>,
    pub(crate) links: Vec<String>,
    pub(crate) headings: Vec<String>,
}

pub(crate) fn body_parts(src: &str) -> BodyParts {
    let mut parts = BodyParts::default();
    let mut phone: Option<String> = None;
    let mut heading: Option<String> = None;
    for ev in Parser::new_ext(src, options()) {
        if let Some(buf) = phone.as_mut() {
            match ev {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    parts.phones.push(PhoneBlock::parse(buf));
                    phone = None;
                }
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info)))
                if info.split_whitespace().next() == Some("phone") =>
            {
                phone = Some(String::new());
            }
            Event::Html(h) | Event::InlineHtml(h) => parts.raw_html.push(h.trim().to_string()),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => parts.links.push(dest_url.to_string()),
            Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H2, .. }) => {
                heading = Some(String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(pulldown_cmark::HeadingLevel::H2)) => {
                if let Some(h) = heading.take() {
                    parts.headings.push(h.trim().to_string());
                }
            }
            _ => {}
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_never_passes() {
        let html = markdown(
            "Hi <script>alert(1)</script> there\n\n<div onclick=x>block</div>\n\n<img src=x onerror=y>",
            Lang::Vi,
        );
        assert!(!html.contains("<script") && !html.contains("<div") && !html.contains("<img"));
        assert!(html.contains("Hi") && html.contains("there"), "{html}");
    }

    #[test]
    fn links_only_to_official_hosts() {
        let html = markdown(
            "[portal](https://canhbao.khonggianmang.vn/report) and [fake](https://vneid-gov.example/x) and [js](javascript:alert(1)) and ![pic](https://x.example/a.png)",
            Lang::Vi,
        );
        assert!(html.contains("<a href=\"https://canhbao.khonggianmang.vn/report\">portal</a>"));
        assert!(!html.contains("vneid-gov.example") && html.contains("fake"));
        assert!(!html.contains("javascript:") && !html.contains("<img"), "{html}");
        assert!(html.contains("pic"));
    }

    #[test]
    fn phone_block_is_escaped_and_labelled() {
        let html = markdown(
            "```phone\nfrom: 0199 <b>\ntime: 09:14\nkind: zalo   # a note\nXin chào <script>\n\ndòng hai\n```\n",
            Lang::Vi,
        );
        assert!(
            html.contains("aria-label=\"Màn hình điện thoại minh hoạ: Zalo từ 0199 &lt;b&gt;\"")
        );
        assert!(html.contains("Xin chào &lt;script&gt;\n\ndòng hai"), "{html}");
        assert!(!html.contains("<pre") && !html.contains("<b>"));
        let b = PhoneBlock::parse("from: x\nkind: call # c\nHello");
        assert_eq!((b.kind.as_str(), b.text.as_str()), ("call", "Hello"));
        assert!(b.html(Lang::En).contains("Incoming call"));
    }
}
