//! The public API of a hand-written crate as Rust declarations without bodies or docs, file by
//! file, so that a change to what users compile against shows in review as a snapshot diff.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::{Attribute, Fields, ImplItem, Item, Visibility};

/// Attributes that change what users may do with an item; the rest (docs, lints) are dropped.
const API_ATTRIBUTES: [&str; 5] = ["derive", "non_exhaustive", "cfg", "deprecated", "must_use"];

/// Every `pub` item under `src`, skipping `generated.rs` (its own surface snapshot lists it)
/// and test modules.
pub fn listing(src: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let mut files = Vec::new();
    for path in rust_files(src)? {
        let relative = path.strip_prefix(src)?.display().to_string();
        if relative == "generated.rs" || path.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        files.push((relative, syn::parse_file(&std::fs::read_to_string(&path)?)?));
    }
    let mut public_types = HashSet::new();
    for (_, file) in &files {
        collect_public_types(&file.items, &mut public_types);
    }
    let mut out = String::new();
    for (relative, file) in files {
        let items: Vec<Item> = public_items(file.items)
            .into_iter()
            .filter(|item| match item {
                Item::Impl(block) => {
                    self_type_name(&block.self_ty).is_some_and(|name| public_types.contains(&name))
                }
                _ => true,
            })
            .collect();
        if items.is_empty() {
            continue;
        }
        let shown = syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        };
        let _ = writeln!(out, "// src/{relative}\n{}", prettyplease::unparse(&shown));
    }
    Ok(out)
}

/// The names of the `pub` structs, enums and type aliases, in inline modules too.
fn collect_public_types(items: &[Item], names: &mut HashSet<String>) {
    for item in items {
        match item {
            Item::Struct(s) if is_pub(&s.vis) => drop(names.insert(s.ident.to_string())),
            Item::Enum(e) if is_pub(&e.vis) => drop(names.insert(e.ident.to_string())),
            Item::Type(t) if is_pub(&t.vis) => drop(names.insert(t.ident.to_string())),
            Item::Mod(m) => {
                if let Some((_, items)) = &m.content {
                    collect_public_types(items, names);
                }
            }
            _ => {}
        }
    }
}

/// `Id<K>` → `Id`; the type an impl block is for.
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn rust_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn keep_api_attributes(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| API_ATTRIBUTES.iter().any(|name| a.path().is_ident(name)));
}

fn is_test_module(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Ident>()
                .is_ok_and(|arg| arg == "test" || arg == "doctest")
    })
}

fn empty_block() -> syn::Block {
    syn::parse_quote!({})
}

fn public_items(items: Vec<Item>) -> Vec<Item> {
    items.into_iter().filter_map(public_item).collect()
}

fn public_item(item: Item) -> Option<Item> {
    Some(match item {
        Item::Fn(mut f) if is_pub(&f.vis) => {
            keep_api_attributes(&mut f.attrs);
            *f.block = empty_block();
            Item::Fn(f)
        }
        Item::Struct(mut s) if is_pub(&s.vis) => {
            keep_api_attributes(&mut s.attrs);
            match &mut s.fields {
                Fields::Named(named) => {
                    named.named = std::mem::take(&mut named.named)
                        .into_iter()
                        .filter(|f| is_pub(&f.vis))
                        .map(|mut f| {
                            keep_api_attributes(&mut f.attrs);
                            f
                        })
                        .collect();
                }
                Fields::Unnamed(unnamed) => {
                    unnamed.unnamed = std::mem::take(&mut unnamed.unnamed)
                        .into_iter()
                        .filter(|f| is_pub(&f.vis))
                        .collect();
                }
                Fields::Unit => {}
            }
            Item::Struct(s)
        }
        Item::Enum(mut e) if is_pub(&e.vis) => {
            keep_api_attributes(&mut e.attrs);
            for variant in &mut e.variants {
                keep_api_attributes(&mut variant.attrs);
                for field in variant.fields.iter_mut() {
                    keep_api_attributes(&mut field.attrs);
                }
            }
            Item::Enum(e)
        }
        Item::Const(mut c) if is_pub(&c.vis) => {
            keep_api_attributes(&mut c.attrs);
            Item::Const(c)
        }
        Item::Static(mut s) if is_pub(&s.vis) => {
            keep_api_attributes(&mut s.attrs);
            Item::Static(s)
        }
        Item::Type(mut t) if is_pub(&t.vis) => {
            keep_api_attributes(&mut t.attrs);
            Item::Type(t)
        }
        Item::Trait(mut t) if is_pub(&t.vis) => {
            keep_api_attributes(&mut t.attrs);
            for item in &mut t.items {
                match item {
                    syn::TraitItem::Fn(f) => {
                        f.attrs.clear();
                        f.default = None;
                    }
                    syn::TraitItem::Const(c) => c.attrs.clear(),
                    syn::TraitItem::Type(ty) => ty.attrs.clear(),
                    _ => {}
                }
            }
            Item::Trait(t)
        }
        Item::Use(mut u) if is_pub(&u.vis) => {
            keep_api_attributes(&mut u.attrs);
            Item::Use(u)
        }
        Item::Mod(mut m) if !is_test_module(&m.attrs) => {
            let public = is_pub(&m.vis);
            if let Some((_, items)) = m.content.take() {
                let items = public_items(items);
                if items.is_empty() {
                    return None;
                }
                m.content = Some((Default::default(), items));
            } else if !public {
                return None;
            }
            keep_api_attributes(&mut m.attrs);
            Item::Mod(m)
        }
        Item::Impl(mut block) => {
            keep_api_attributes(&mut block.attrs);
            if block.trait_.is_some() {
                // What a trait impl gives users is the trait; its bodies are not API.
                block.items.clear();
            } else {
                block.items.retain(|item| {
                    matches!(item, ImplItem::Fn(f) if is_pub(&f.vis))
                        || matches!(item, ImplItem::Const(c) if is_pub(&c.vis))
                });
                if block.items.is_empty() {
                    return None;
                }
                for item in &mut block.items {
                    match item {
                        ImplItem::Fn(f) => {
                            keep_api_attributes(&mut f.attrs);
                            f.block = empty_block();
                        }
                        ImplItem::Const(c) => keep_api_attributes(&mut c.attrs),
                        _ => {}
                    }
                }
            }
            Item::Impl(block)
        }
        _ => return None,
    })
}
