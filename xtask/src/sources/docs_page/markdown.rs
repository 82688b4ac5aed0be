//! What the importer reads from a docs-site page's markdown around its YAML block.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

/// The parts of a docs-site reference page the importer uses.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct DocsPage {
    /// The URL on the page's `# Source: <url>` line, if it has one.
    pub(crate) source_url: Option<String>,
    /// The page's title: its first level-one heading that is not the `Source:` line.
    pub(crate) title: Option<String>,
    /// The page's lead paragraph, given as a block quote under the title.
    pub(crate) lead: Option<String>,
    /// The body of the first fenced code block whose info string starts with `yaml`.
    pub(crate) yaml_block: Option<String>,
}

enum Capture {
    None,
    Title,
    Lead,
    Yaml,
}

/// Reads `markdown` as CommonMark and picks out the parts in [`DocsPage`].
pub(crate) fn read_page(markdown: &str) -> DocsPage {
    let mut page = DocsPage::default();
    let mut capture = Capture::None;
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => start(&mut capture, &mut text, Capture::Title),
            Event::Start(Tag::BlockQuote(_)) if page.lead.is_none() => {
                start(&mut capture, &mut text, Capture::Lead)
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if page.yaml_block.is_none() && info.trim_start().starts_with("yaml") =>
            {
                start(&mut capture, &mut text, Capture::Yaml)
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                if let Capture::Title = capture {
                    let heading = std::mem::take(&mut text).trim().to_owned();
                    match heading.strip_prefix("Source:") {
                        Some(url) => page.source_url = Some(url.trim().to_owned()),
                        None if page.title.is_none() => page.title = Some(heading),
                        None => {}
                    }
                }
                capture = Capture::None;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Capture::Lead = capture {
                    page.lead = Some(std::mem::take(&mut text).trim().to_owned());
                }
                capture = Capture::None;
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Capture::Yaml = capture {
                    page.yaml_block = Some(std::mem::take(&mut text));
                }
                capture = Capture::None;
            }
            _ => {}
        }
    }
    page
}

fn start(capture: &mut Capture, text: &mut String, what: Capture) {
    *capture = what;
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_source_title_lead_and_the_first_yaml_block() {
        let page = read_page(
            "# Source: https://docs.example.com/x.md\n\n# Get a thing\n\n> Gets it\n> quickly\n\n\
             ```json\n{}\n```\n\n````yaml post /x\npaths:\n  path: /x\n````\n\n```yaml\nsecond: 1\n```\n",
        );
        assert_eq!(
            page,
            DocsPage {
                source_url: Some("https://docs.example.com/x.md".into()),
                title: Some("Get a thing".into()),
                lead: Some("Gets it quickly".into()),
                yaml_block: Some("paths:\n  path: /x\n".into()),
            }
        );
    }

    #[test]
    fn a_page_without_yaml_has_no_block() {
        assert_eq!(read_page("# Title\n\nno code here\n").yaml_block, None);
    }
}
