//! A readable listing of the generated crate's public surface, for drift snapshots.
//!
//! Types come from the generated source (names, fields with their Rust types and wire names,
//! enum values, client methods); constraints come from the spec the source was generated from,
//! so a changed `maxLength` or `maximum` shows up as one changed line.

use std::fmt::Write as _;

use quote::ToTokens;
use serde_json::Value;

/// Schema keywords listed beside a field when its property schema has them.
const CONSTRAINT_KEYWORDS: [&str; 14] = [
    "format",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
    "uniqueItems",
    "nullable",
    "readOnly",
    "deprecated",
];

/// The listing of `generated_source` (progenitor's output), with constraints from `spec`.
pub fn listing(generated_source: &str, spec: &Value) -> Result<String, syn::Error> {
    let file = syn::parse_file(generated_source)?;
    let mut out = String::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(module) if module.ident == "types" => {
                for item in module_items(module) {
                    list_type(&mut out, item, spec);
                }
            }
            syn::Item::Impl(block) if is_inherent_impl_of(block, "Client") => {
                list_client_methods(&mut out, block, &file);
            }
            _ => {}
        }
    }
    Ok(out)
}

fn module_items(module: &syn::ItemMod) -> &[syn::Item] {
    module
        .content
        .as_ref()
        .map_or(&[], |(_, items)| items.as_slice())
}

fn list_type(out: &mut String, item: &syn::Item, spec: &Value) {
    match item {
        syn::Item::Struct(s) => list_struct(out, s, spec),
        syn::Item::Enum(e) => list_enum(out, e),
        _ => {}
    }
}

fn list_struct(out: &mut String, s: &syn::ItemStruct, spec: &Value) {
    let name = s.ident.to_string();
    let serde = serde_words(&s.attrs);
    match &s.fields {
        syn::Fields::Unnamed(fields) => {
            let _ = writeln!(out, "newtype {name}({})", tuple_types(fields));
        }
        syn::Fields::Named(fields) => {
            let strict = if serde.iter().any(|w| w == "deny_unknown_fields") {
                " [denies unknown fields]"
            } else {
                ""
            };
            let _ = writeln!(out, "struct {name}{}{strict}", non_exhaustive(&s.attrs));
            let schema = spec.pointer(&format!("/components/schemas/{name}"));
            for field in &fields.named {
                let ident = field
                    .ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                let wire = serde_rename(&field.attrs).unwrap_or_else(|| ident.clone());
                let constraints = schema.map(|s| constraints(s, &wire)).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {ident}: {} \"{wire}\"{constraints}",
                    rust_type(&field.ty)
                );
            }
        }
        syn::Fields::Unit => {
            let _ = writeln!(out, "struct {name}");
        }
    }
}

fn list_enum(out: &mut String, e: &syn::ItemEnum) {
    let untagged = serde_words(&e.attrs).iter().any(|w| w == "untagged");
    let variants: Vec<String> = e
        .variants
        .iter()
        .map(|v| match &v.fields {
            syn::Fields::Unit => serde_rename(&v.attrs).unwrap_or_else(|| v.ident.to_string()),
            syn::Fields::Unnamed(fields) => format!("{}({})", v.ident, tuple_types(fields)),
            syn::Fields::Named(_) => format!("{} {{..}}", v.ident),
        })
        .collect();
    let kind = if untagged { "enum (untagged)" } else { "enum" };
    let _ = writeln!(
        out,
        "{kind} {}{}: {}",
        e.ident,
        non_exhaustive(&e.attrs),
        variants.join(" | ")
    );
}

/// ` [non-exhaustive]` when users must match with a wildcard and cannot build it by literal.
fn non_exhaustive(attrs: &[syn::Attribute]) -> &'static str {
    if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        " [non-exhaustive]"
    } else {
        ""
    }
}

/// `, required, maxLength 300, nullable` for property `wire` of object schema `schema`.
fn constraints(schema: &Value, wire: &str) -> String {
    let mut words = Vec::new();
    let required = schema.get("required").and_then(Value::as_array);
    if required.is_some_and(|r| r.iter().any(|n| n == wire)) {
        words.push("required".to_owned());
    }
    if let Some(property) = schema.pointer(&format!("/properties/{wire}")) {
        for keyword in CONSTRAINT_KEYWORDS {
            match property.get(keyword) {
                Some(Value::Bool(true)) => words.push(keyword.to_owned()),
                Some(Value::Bool(false)) | None => {}
                Some(Value::String(s)) => words.push(format!("{keyword} {s}")),
                Some(other) => words.push(format!("{keyword} {other}")),
            }
        }
    }
    if words.is_empty() {
        String::new()
    } else {
        format!("  ({})", words.join(", "))
    }
}

fn list_client_methods(out: &mut String, block: &syn::ItemImpl, file: &syn::File) {
    for item in &block.items {
        let syn::ImplItem::Fn(method) = item else {
            continue;
        };
        if !matches!(method.vis, syn::Visibility::Public(_)) {
            continue;
        }
        let _ = writeln!(out, "client fn {}", signature(&method.sig));
        let returns = return_type(&method.sig);
        let builder = returns
            .trim_start_matches("builder::")
            .split('<')
            .next()
            .unwrap_or_default();
        for builder_method in builder_methods(file, builder) {
            let _ = writeln!(out, "  .{builder_method}");
        }
    }
}

/// The public methods of `builder::<name>`, each as `name(params) -> return`.
fn builder_methods(file: &syn::File, name: &str) -> Vec<String> {
    let Some(builder) = file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "builder" => Some(m),
        _ => None,
    }) else {
        return Vec::new();
    };
    module_items(builder)
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if is_inherent_impl_of(block, name) => Some(block),
            _ => None,
        })
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => Some(&f.sig),
            _ => None,
        })
        .map(signature)
        .collect()
}

/// `name(param types)[.await] -> return type`.
fn signature(sig: &syn::Signature) -> String {
    let params = sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(arg) => Some(param_type(sig, &arg.ty)),
            syn::FnArg::Receiver(_) => None,
        })
        .collect::<Vec<_>>()
        .join(", ");
    let awaited = if sig.asyncness.is_some() {
        ".await"
    } else {
        ""
    };
    format!("{}({params}){awaited} -> {}", sig.ident, return_type(sig))
}

/// A parameter's type; a generic `V: TryInto<T>` is shown as `impl TryInto<T>`.
fn param_type(sig: &syn::Signature, ty: &syn::Type) -> String {
    let shown = rust_type(ty);
    let bound = sig
        .generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .find_map(|p| match p {
            syn::WherePredicate::Type(t) if rust_type(&t.bounded_ty) == shown => t
                .bounds
                .first()
                .map(|b| clean(&b.to_token_stream().to_string())),
            _ => None,
        });
    bound.map_or(shown, |b| format!("impl {b}"))
}

fn return_type(sig: &syn::Signature) -> String {
    match &sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => rust_type(ty),
    }
}

fn is_inherent_impl_of(block: &syn::ItemImpl, name: &str) -> bool {
    block.trait_.is_none()
        && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == name))
}

/// `String, u8` for the fields of `Name(String, u8)`.
fn tuple_types(fields: &syn::FieldsUnnamed) -> String {
    fields
        .unnamed
        .iter()
        .map(|f| rust_type(&f.ty))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rust_type(ty: &syn::Type) -> String {
    clean(&ty.to_token_stream().to_string())
}

/// Token text in the compact form a reader expects, without the absolute paths progenitor
/// writes everywhere: `::std::option::Option < T , >` becomes `Option<T>`.
fn clean(tokens: &str) -> String {
    let mut text = tokens.replace(' ', "").replace("::std::", "std::");
    for prefix in [
        "std::option::",
        "std::string::",
        "std::vec::",
        "std::result::",
        "std::convert::",
        "std::ops::",
        "::serde_json::",
        "::uuid::",
        "types::",
        "super::",
    ] {
        text = text.replace(prefix, "");
    }
    let text = text
        .replace(",>", ">")
        .replace(",)", ")")
        .replace(',', ", ");
    space_after_lifetimes(&text)
}

/// `&'aClient` → `&'a Client`: removing token spaces glued lifetimes to what follows.
fn space_after_lifetimes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_lifetime = false;
    for c in text.chars() {
        if in_lifetime && !(c.is_alphanumeric() || c == '_') {
            in_lifetime = false;
        } else if in_lifetime && c.is_uppercase() {
            out.push(' ');
            in_lifetime = false;
        }
        if c == '\'' {
            in_lifetime = true;
        }
        out.push(c);
    }
    out
}

fn serde_words(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("serde"))
        .flat_map(|a| {
            let mut words = Vec::new();
            let _ = a.parse_nested_meta(|meta| {
                if let Some(ident) = meta.path.get_ident() {
                    words.push(ident.to_string());
                }
                if meta.input.peek(syn::Token![=]) {
                    let _: syn::Expr = meta.value()?.parse()?;
                }
                Ok(())
            });
            words
        })
        .collect()
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.input.peek(syn::Token![=]) {
                let value: syn::Expr = meta.value()?.parse()?;
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = value
                    && meta.path.is_ident("rename")
                {
                    rename = Some(s.value());
                }
            }
            Ok(())
        });
    }
    rename
}
