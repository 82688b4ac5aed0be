//! Generator settings progenitor has no option for, applied to its output: each is a named,
//! deterministic rewrite of the generated syntax tree, listed in the generated file's header.

use syn::punctuated::Punctuated;
use syn::{Attribute, Item, Token, parse_quote};

/// One setting: a name for the header and the rewrite, which says what it changed.
#[derive(Debug)]
pub(crate) struct Finish {
    pub(crate) name: &'static str,
    apply: fn(&mut syn::File) -> Option<String>,
}

/// The settings, in the order they run.
pub(crate) const FINISHES: [Finish; 3] = [
    Finish {
        name: "non_exhaustive_types",
        apply: non_exhaustive_types,
    },
    Finish {
        name: "schemars_behind_feature",
        apply: schemars_behind_feature,
    },
    Finish {
        name: "client_new_readies_tls",
        apply: client_new_readies_tls,
    },
];

/// The function of the generated crate's `lib.rs` that readies the TLS backend its features chose.
const PREPARE_TLS: &str = "prepare_tls";

/// The Cargo feature of the generated crate that turns on `schemars::JsonSchema`.
pub(crate) const SCHEMARS_FEATURE: &str = "schemars";

/// Applies every setting; returns one `name: change` line per setting that changed something.
pub(crate) fn finish(file: &mut syn::File) -> Vec<String> {
    FINISHES
        .iter()
        .filter_map(|finish| {
            (finish.apply)(file).map(|change| format!("{}: {change}", finish.name))
        })
        .collect()
}

/// The items of the generated `types` module (not its `builder` or `error` submodules).
fn spec_types(file: &mut syn::File) -> impl Iterator<Item = &mut Item> {
    file.items
        .iter_mut()
        .filter_map(|item| match item {
            Item::Mod(module) if module.ident == "types" => module.content.as_mut(),
            _ => None,
        })
        .flat_map(|(_, items)| items.iter_mut())
}

/// Mesh adds enum values and fields all the time: with `#[non_exhaustive]`, matching needs a
/// wildcard arm and structs are built through their builders, so neither breaks a user's build.
fn non_exhaustive_types(file: &mut syn::File) -> Option<String> {
    let (mut enums, mut structs) = (0, 0);
    for item in spec_types(file) {
        let (attrs, counter) = match item {
            Item::Enum(item) => (&mut item.attrs, &mut enums),
            Item::Struct(item) if matches!(item.fields, syn::Fields::Named(_)) => {
                (&mut item.attrs, &mut structs)
            }
            _ => continue,
        };
        if !attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
            attrs.push(parse_quote!(#[non_exhaustive]));
            *counter += 1;
        }
    }
    (enums + structs > 0)
        .then(|| format!("{enums} enums and {structs} structs of `types` are #[non_exhaustive]"))
}

/// Only the drift tests need JSON Schemas of the generated types; users do not build schemars.
fn schemars_behind_feature(file: &mut syn::File) -> Option<String> {
    let mut moved = 0;
    for item in spec_types(file) {
        let attrs = match item {
            Item::Enum(item) => &mut item.attrs,
            Item::Struct(item) => &mut item.attrs,
            _ => continue,
        };
        if move_json_schema_derive(attrs) {
            moved += 1;
        }
    }
    (moved > 0).then(|| {
        format!("`schemars::JsonSchema` is derived for {moved} types only with the `{SCHEMARS_FEATURE}` feature")
    })
}

fn move_json_schema_derive(attrs: &mut Vec<Attribute>) -> bool {
    let mut moved = false;
    for attr in attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let Ok(paths) = attr.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        else {
            continue;
        };
        let (schemars, kept): (Vec<_>, Vec<_>) = paths.into_iter().partition(is_json_schema);
        if !schemars.is_empty() {
            *attr = parse_quote!(#[derive(#(#kept),*)]);
            moved = true;
        }
    }
    if moved {
        let feature = SCHEMARS_FEATURE;
        attrs.push(parse_quote!(
            #[cfg_attr(feature = #feature, derive(schemars::JsonSchema))]
        ));
    }
    moved
}

/// progenitor's `Client::new` builds its own `reqwest::Client`, which panics under
/// `rustls-ring` until a crypto provider is installed: it readies TLS first.
fn client_new_readies_tls(file: &mut syn::File) -> Option<String> {
    let prepare = syn::Ident::new(PREPARE_TLS, proc_macro2::Span::call_site());
    let call: syn::Stmt = parse_quote!(crate::#prepare(););
    let new = file
        .items
        .iter_mut()
        .filter_map(|item| match item {
            Item::Impl(block) if block.trait_.is_none() && is_type(&block.self_ty, "Client") => {
                Some(block)
            }
            _ => None,
        })
        .flat_map(|block| block.items.iter_mut())
        .find_map(|item| match item {
            syn::ImplItem::Fn(function) if function.sig.ident == "new" => Some(function),
            _ => None,
        })?;
    if new.block.stmts.first() == Some(&call) {
        return None;
    }
    new.block.stmts.insert(0, call);
    Some(format!(
        "`Client::new` calls `crate::{PREPARE_TLS}()` before building its HTTP client"
    ))
}

fn is_type(ty: &syn::Type, name: &str) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.is_ident(name))
}

fn is_json_schema(path: &syn::Path) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments == ["schemars", "JsonSchema"]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(source: &str) -> syn::File {
        syn::parse_file(source).unwrap()
    }

    #[test]
    fn spec_types_become_non_exhaustive_and_only_them() {
        let mut generated = file(
            "pub mod types {
                pub enum Kind { A }
                pub struct Request { pub a: u8 }
                pub struct Newtype(String);
                pub mod builder { pub struct Request { a: u8 } }
            }
            pub struct Client { baseurl: String }",
        );
        let change = non_exhaustive_types(&mut generated);
        assert_eq!(
            change.as_deref(),
            Some("1 enums and 1 structs of `types` are #[non_exhaustive]")
        );
        let text = prettyplease::unparse(&generated);
        assert_eq!(text.matches("#[non_exhaustive]").count(), 2, "{text}");
        assert!(
            non_exhaustive_types(&mut generated).is_none(),
            "a second run changes nothing"
        );
    }

    #[test]
    fn client_new_readies_tls_first_and_only_once() {
        let mut generated = file(
            "impl Client {
                pub fn new(baseurl: &str) -> Self { Self::new_with_client(baseurl, build()) }
                pub fn new_with_client(baseurl: &str, client: C) -> Self { todo!() }
            }
            impl ClientInfo for Client { fn new() {} }",
        );
        assert!(client_new_readies_tls(&mut generated).is_some());
        let text = prettyplease::unparse(&generated);
        assert_eq!(text.matches("crate::prepare_tls();").count(), 1, "{text}");
        let new = text.find("pub fn new(").unwrap();
        assert!(
            text[new..]
                .trim_start_matches(|c| c != '{')
                .starts_with("{\n        crate::prepare_tls();"),
            "{text}"
        );
        assert!(
            client_new_readies_tls(&mut generated).is_none(),
            "a second run changes nothing"
        );
    }

    #[test]
    fn json_schema_is_derived_only_with_the_feature() {
        let mut generated = file(
            "pub mod types {
                #[derive(Clone, Debug, schemars::JsonSchema)]
                pub struct Request { pub a: u8 }
            }",
        );
        assert!(schemars_behind_feature(&mut generated).is_some());
        let text = prettyplease::unparse(&generated);
        assert!(text.contains("#[derive(Clone, Debug)]"), "{text}");
        assert!(
            text.contains("#[cfg_attr(feature = \"schemars\", derive(schemars::JsonSchema))]"),
            "{text}"
        );
        assert!(schemars_behind_feature(&mut generated).is_none());
    }
}
