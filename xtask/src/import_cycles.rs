//! `cargo xtask cycles`: no module of a crate imports a module that imports it back.
//!
//! Each `crate::` path in a source file (a `use` tree or a path in code; comments and doc text
//! are not code) names the module file that defines it; a path through a module's parent or
//! child is not an edge. A circle is a strongly connected group of two files or more.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr as _;

use anyhow::{Context as _, Result};
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// A module, as the path from its crate root: `["catalog", "cache"]`.
type Module = Vec<String>;

/// Checks every crate of the workspace (`crates/*/src`, `xtask/src`), printing each circle.
pub(crate) fn check(root: &Path) -> Result<ExitCode> {
    let found = circles(&crate_sources(root)?)?;
    for circle in &found {
        println!("{circle}");
    }
    if found.is_empty() {
        println!("no import circle in any crate");
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::FAILURE)
    }
}

fn crate_sources(root: &Path) -> Result<Vec<PathBuf>> {
    let mut sources = vec![root.join("xtask/src")];
    for entry in std::fs::read_dir(root.join("crates")).context("listing crates/")? {
        let src = entry?.path().join("src");
        if src.is_dir() {
            sources.push(src);
        }
    }
    sources.sort();
    Ok(sources)
}

/// Every circle in the crates under `roots` (each a crate's `src`), one line each.
pub(crate) fn circles(roots: &[PathBuf]) -> Result<Vec<String>> {
    let mut found = Vec::new();
    for root in roots {
        let modules = modules(root)?;
        let mut edges: BTreeMap<&Module, BTreeSet<&Module>> = BTreeMap::new();
        for (module, file) in &modules {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading {}", file.display()))?;
            let tokens = TokenStream::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: not Rust tokens: {e}", file.display()))?;
            for path in crate_paths(tokens) {
                let Some(target) = (1..=path.len())
                    .rev()
                    .find_map(|k| modules.get_key_value(&path[..k]).map(|(m, _)| m))
                else {
                    continue;
                };
                if !module.starts_with(target) && !target.starts_with(module) {
                    edges.entry(module).or_default().insert(target);
                }
            }
        }
        for group in strongly_connected(&edges) {
            let files: Vec<String> = group.iter().map(|m| relative(&modules[*m], root)).collect();
            found.push(format!(
                "{}: circle: {}",
                root.display(),
                files.join(" <-> ")
            ));
        }
    }
    Ok(found)
}

/// Every module file under `root`, by module path (`lib.rs`/`main.rs` are the root; `bin/` holds
/// crates of their own).
fn modules(root: &Path) -> Result<BTreeMap<Module, PathBuf>> {
    let mut modules = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("listing {}", dir.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                if path != root.join("bin") {
                    pending.push(path);
                }
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root)?.with_extension("");
            let mut module: Module = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|last| last == "mod") {
                module.pop();
            }
            if module == ["lib"] || module == ["main"] {
                module.clear();
            }
            modules.insert(module, path);
        }
    }
    Ok(modules)
}

/// The `crate::` paths in `tokens`, each `use` group expanded into its paths.
fn crate_paths(tokens: TokenStream) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut at = 0;
    while at < trees.len() {
        match &trees[at] {
            TokenTree::Ident(ident) if ident == "crate" && is_path_separator(&trees, at + 1) => {
                at = path_after(&trees, at + 3, Vec::new(), &mut found);
            }
            TokenTree::Group(group) => {
                found.extend(crate_paths(group.stream()));
                at += 1;
            }
            _ => at += 1,
        }
    }
    found
}

fn is_path_separator(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (trees.get(at), trees.get(at + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
    )
}

/// Reads the path that continues `prefix` from `at` into `found`; returns where it ends.
fn path_after(
    trees: &[TokenTree],
    at: usize,
    prefix: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    match trees.get(at) {
        Some(TokenTree::Ident(ident)) if ident == "self" => {
            found.push(prefix);
            at + 1
        }
        Some(TokenTree::Ident(ident)) => {
            let mut path = prefix;
            path.push(ident.to_string());
            if is_path_separator(trees, at + 1) {
                path_after(trees, at + 3, path, found)
            } else {
                found.push(path);
                at + 1
            }
        }
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let mut item = 0;
            while item < inner.len() {
                item = path_after(&inner, item, prefix.clone(), found);
                // Skip to the next item of the group (past `as name` and the comma).
                while item < inner.len() {
                    let comma = matches!(&inner[item], TokenTree::Punct(p) if p.as_char() == ',');
                    item += 1;
                    if comma {
                        break;
                    }
                }
            }
            at + 1
        }
        _ => {
            found.push(prefix);
            at
        }
    }
}

/// Tarjan's strongly connected components of two members or more.
fn strongly_connected<'m>(
    edges: &BTreeMap<&'m Module, BTreeSet<&'m Module>>,
) -> Vec<Vec<&'m Module>> {
    struct Walk<'e, 'm> {
        edges: &'e BTreeMap<&'m Module, BTreeSet<&'m Module>>,
        index: BTreeMap<&'m Module, usize>,
        low: BTreeMap<&'m Module, usize>,
        stack: Vec<&'m Module>,
        groups: Vec<Vec<&'m Module>>,
    }
    impl<'m> Walk<'_, 'm> {
        fn visit(&mut self, from: &'m Module) {
            let index = self.index.len();
            self.index.insert(from, index);
            self.low.insert(from, index);
            self.stack.push(from);
            for &to in self.edges.get(from).into_iter().flatten() {
                if !self.index.contains_key(to) {
                    self.visit(to);
                    let low = self.low[from].min(self.low[to]);
                    self.low.insert(from, low);
                } else if self.stack.contains(&to) {
                    let low = self.low[from].min(self.index[to]);
                    self.low.insert(from, low);
                }
            }
            if self.low[from] == self.index[from] {
                let start = self.stack.iter().rposition(|m| *m == from).unwrap_or(0);
                let mut group = self.stack.split_off(start);
                if group.len() > 1 {
                    group.sort();
                    self.groups.push(group);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        groups: Vec::new(),
    };
    for &module in edges.keys() {
        if !walk.index.contains_key(module) {
            walk.visit(module);
        }
    }
    walk.groups
}

fn relative(file: &Path, root: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<String> {
        crate_paths(TokenStream::from_str(text).unwrap())
            .into_iter()
            .map(|p| p.join("::"))
            .collect()
    }

    #[test]
    fn use_groups_nested_paths_and_code_paths_are_read_but_not_comments() {
        let text = r#"
            use crate::a::{b, c::{d as e, self}, f::*};
            // use crate::commented::out;
            /// A link to [`x`](crate::doc::link).
            fn g() { crate::h::i(); }
        "#;
        assert_eq!(paths(text), ["a::b", "a::c::d", "a::c", "a::f", "h::i"]);
    }

    /// A crate's `src` under the target directory, holding `files`.
    fn crate_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let root = crate::workspace::root();
        let src = crate::workspace::target_dir(&root).join(name).join("src");
        let _ = std::fs::remove_dir_all(&src);
        for (file, text) in files {
            let path = src.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        src
    }

    #[test]
    fn a_circle_is_reported_with_its_files_and_a_parent_child_path_is_not_one() {
        let circular = crate_with(
            "cycles-test-crate",
            &[
                ("lib.rs", "mod a; mod b; mod c; use crate::c::C;"),
                ("a.rs", "use crate::b::B; pub struct A;"),
                ("b.rs", "use crate::a::A; pub struct B;"),
                ("c/mod.rs", "mod d; pub struct C; use crate::c::d::D;"),
                ("c/d.rs", "use crate::c::C; pub struct D;"),
            ],
        );
        let found = circles(std::slice::from_ref(&circular)).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("circle: a.rs <-> b.rs"), "{found:?}");
    }

    #[test]
    fn no_crate_of_the_workspace_has_a_circle() {
        let sources = crate_sources(&crate::workspace::root()).unwrap();
        assert!(sources.len() >= 5, "{sources:?}");
        assert_eq!(circles(&sources).unwrap(), Vec::<String>::new());
    }
}
