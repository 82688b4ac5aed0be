//! Short, readable diffs between committed files and freshly generated ones.

use similar::TextDiff;

/// Lines of diff shown per file before the rest is summarised.
const MAX_DIFF_LINES: usize = 60;

/// A unified diff of `committed` against `fresh`, cut to a readable length; `None` if equal.
pub(crate) fn unified(path: &str, committed: &str, fresh: &str) -> Option<String> {
    if committed == fresh {
        return None;
    }
    let diff = TextDiff::from_lines(committed, fresh)
        .unified_diff()
        .context_radius(2)
        .header(
            &format!("{path} (committed)"),
            &format!("{path} (expected)"),
        )
        .to_string();
    let lines: Vec<&str> = diff.lines().collect();
    let mut shown = lines
        .iter()
        .take(MAX_DIFF_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > MAX_DIFF_LINES {
        shown.push_str(&format!(
            "\n... ({} more diff lines)",
            lines.len() - MAX_DIFF_LINES
        ));
    }
    Some(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("f", "a\nb\n", "a\nb\n"), None);
    }

    #[test]
    fn a_changed_line_shows_both_sides() {
        let diff = unified("f.yaml", "a\nmaxLength: 300\nb\n", "a\nmaxLength: 250\nb\n").unwrap();
        assert!(
            diff.contains("-maxLength: 300") && diff.contains("+maxLength: 250"),
            "{diff}"
        );
        assert!(diff.starts_with("--- f.yaml (committed)"), "{diff}");
    }

    #[test]
    fn long_diffs_are_cut_with_a_count() {
        let fresh: String = (0..200).map(|i| format!("{i}\n")).collect();
        let diff = unified("f", "", &fresh).unwrap();
        assert!(diff.lines().count() <= MAX_DIFF_LINES + 1);
        assert!(diff.ends_with("more diff lines)"), "{diff}");
    }
}
