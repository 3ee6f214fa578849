//! Reads the C ABI out of a parsed Rust module: public constants, `#[repr(i32)]`/`#[repr(u32)]`
//! enums, opaque structs, and `#[no_mangle] pub extern "C"` functions, each with its doc comment.

use syn::{Attribute, Expr, FnArg, Item, Lit, Pat, ReturnType, Type, UnOp, Visibility};

/// Everything the generator emits, in source order within each kind.
pub struct Abi {
    pub constants: Vec<Constant>,
    pub enums: Vec<Enum>,
    pub opaques: Vec<Opaque>,
    pub functions: Vec<Function>,
}

pub struct Constant {
    pub name: String,
    pub ty: Primitive,
    pub value: i128,
    pub doc: Vec<String>,
}

pub struct Enum {
    pub name: String,
    pub repr: Primitive,
    pub variants: Vec<Variant>,
    pub doc: Vec<String>,
}

pub struct Variant {
    pub name: String,
    pub value: i128,
    pub doc: Vec<String>,
}

/// A struct that crosses the boundary only behind a pointer.
pub struct Opaque {
    pub name: String,
    pub doc: Vec<String>,
}

pub struct Function {
    pub name: String,
    pub params: Vec<Param>,
    /// `None` for `()`.
    pub ret: Option<CType>,
    pub doc: Vec<String>,
}

pub struct Param {
    pub name: String,
    pub ty: CType,
}

/// The scalar types the ABI allows.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    U8,
    I32,
    U32,
    Usize,
}

/// A parameter or return type.
#[derive(Clone, PartialEq, Eq)]
pub enum CType {
    Primitive(Primitive),
    /// `c_char`, only ever behind a pointer.
    Char,
    /// An enum or opaque struct declared in the module.
    Named(String),
    Pointer(Box<CType>),
}

impl Abi {
    pub fn from_file(file: &syn::File) -> Result<Abi, String> {
        let mut abi = Abi {
            constants: vec![],
            enums: vec![],
            opaques: vec![],
            functions: vec![],
        };
        // Types first, so that functions may use a type declared after them.
        for item in &file.items {
            match item {
                Item::Enum(e) if is_pub(&e.vis) => abi.enums.push(read_enum(e)?),
                Item::Struct(s) if is_pub(&s.vis) => abi.opaques.push(read_struct(s)?),
                _ => {}
            }
        }
        for item in &file.items {
            match item {
                Item::Const(c) if is_pub(&c.vis) => abi.constants.push(read_const(c)?),
                Item::Fn(f) => {
                    if let Some(function) = read_fn(f, &abi)? {
                        abi.functions.push(function);
                    }
                }
                _ => {}
            }
        }
        if abi.functions.is_empty() {
            return Err("no `#[no_mangle] pub extern \"C\" fn` found".into());
        }
        Ok(abi)
    }

    fn is_declared(&self, name: &str) -> bool {
        self.enums.iter().any(|e| e.name == name) || self.opaques.iter().any(|o| o.name == name)
    }
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// The `///` lines of an item, without the one space rustdoc puts after the slashes.
fn doc_lines(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path.is_ident("doc"))
        .filter_map(|a| match a.parse_meta() {
            Ok(syn::Meta::NameValue(nv)) => match nv.lit {
                Lit::Str(s) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|text| text.lines().map(str::to_owned).collect::<Vec<_>>())
        .map(|line| line.strip_prefix(' ').map(str::to_owned).unwrap_or(line))
        .collect()
}

fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path.is_ident(name))
}

/// The argument of `#[repr(..)]`, if any.
fn repr(attrs: &[Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|a| a.path.is_ident("repr"))
        .find_map(|a| match a.parse_meta() {
            Ok(syn::Meta::List(list)) => list.nested.iter().find_map(|n| match n {
                syn::NestedMeta::Meta(syn::Meta::Path(p)) => p.get_ident().map(|i| i.to_string()),
                _ => None,
            }),
            _ => None,
        })
}

fn primitive(ident: &str) -> Option<Primitive> {
    match ident {
        "u8" => Some(Primitive::U8),
        "i32" => Some(Primitive::I32),
        "u32" => Some(Primitive::U32),
        "usize" => Some(Primitive::Usize),
        _ => None,
    }
}

/// The last segment of a type path without generic arguments (`core::ffi::c_char` → `c_char`).
fn path_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let last = p.path.segments.last()?;
            last.arguments.is_empty().then(|| last.ident.to_string())
        }
        _ => None,
    }
}

fn int_literal(expr: &Expr) -> Option<i128> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(i) => i.base10_parse::<i128>().ok(),
            _ => None,
        },
        Expr::Unary(u) if matches!(u.op, UnOp::Neg(_)) => int_literal(&u.expr).map(|v| -v),
        Expr::Paren(p) => int_literal(&p.expr),
        _ => None,
    }
}

fn read_const(c: &syn::ItemConst) -> Result<Constant, String> {
    let name = c.ident.to_string();
    let ty = path_ident(&c.ty)
        .and_then(|t| primitive(&t))
        .ok_or_else(|| format!("constant {name}: unsupported type (use u8, i32, u32 or usize)"))?;
    let value = int_literal(&c.expr).ok_or_else(|| {
        format!("constant {name}: the value must be an integer literal, so that it can be read")
    })?;
    Ok(Constant {
        name,
        ty,
        value,
        doc: doc_lines(&c.attrs),
    })
}

fn read_enum(e: &syn::ItemEnum) -> Result<Enum, String> {
    let name = e.ident.to_string();
    let repr = match repr(&e.attrs).as_deref() {
        Some("i32") => Primitive::I32,
        Some("u32") => Primitive::U32,
        _ => {
            return Err(format!(
                "enum {name}: needs #[repr(i32)] or #[repr(u32)] to cross the C ABI"
            ))
        }
    };
    let variants = e
        .variants
        .iter()
        .map(|v| {
            if !v.fields.is_empty() {
                return Err(format!("enum {name}: variant {} carries data", v.ident));
            }
            let value = v
                .discriminant
                .as_ref()
                .and_then(|(_, expr)| int_literal(expr))
                .ok_or_else(|| {
                    format!(
                        "enum {name}: variant {} needs an explicit literal value",
                        v.ident
                    )
                })?;
            Ok(Variant {
                name: v.ident.to_string(),
                value,
                doc: doc_lines(&v.attrs),
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Enum {
        name,
        repr,
        variants,
        doc: doc_lines(&e.attrs),
    })
}

fn read_struct(s: &syn::ItemStruct) -> Result<Opaque, String> {
    let name = s.ident.to_string();
    if repr(&s.attrs).as_deref() == Some("C") {
        return Err(format!(
            "struct {name}: structs by value are not part of this ABI (only opaque pointers)"
        ));
    }
    Ok(Opaque {
        name,
        doc: doc_lines(&s.attrs),
    })
}

/// A function of the ABI, `None` for an ordinary Rust function, or an error for something that
/// looks half-exported (the silent skips of csbindgen become errors here).
fn read_fn(f: &syn::ItemFn, abi: &Abi) -> Result<Option<Function>, String> {
    let name = f.sig.ident.to_string();
    let extern_c = f
        .sig
        .abi
        .as_ref()
        .map(|a| a.name.as_ref().map(|n| n.value()));
    let no_mangle = has_attr(&f.attrs, "no_mangle");
    match (extern_c, no_mangle, is_pub(&f.vis)) {
        (None, false, _) => return Ok(None),
        (Some(Some(ref abi_name)), true, true) if abi_name == "C" => {}
        (Some(Some(ref abi_name)), false, true) if abi_name == "C" => {
            return Err(format!(
                "function {name}: `pub extern \"C\"` without #[no_mangle] is not exported"
            ))
        }
        _ => {
            return Err(format!(
                "function {name}: an export must be `#[no_mangle] pub extern \"C\" fn`"
            ))
        }
    }
    if !f.sig.generics.params.is_empty() || f.sig.variadic.is_some() {
        return Err(format!(
            "function {name}: generic or variadic functions cannot be exported"
        ));
    }
    let params = f
        .sig
        .inputs
        .iter()
        .map(|arg| {
            let FnArg::Typed(arg) = arg else {
                return Err(format!(
                    "function {name}: `self` parameters cannot be exported"
                ));
            };
            let Pat::Ident(ident) = &*arg.pat else {
                return Err(format!(
                    "function {name}: every parameter needs a plain name"
                ));
            };
            let param = ident.ident.to_string();
            let ty = c_type(&arg.ty, abi)
                .map_err(|t| format!("function {name}, parameter {param}: unsupported type {t}"))?;
            Ok(Param { name: param, ty })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let ret = match &f.sig.output {
        ReturnType::Default => None,
        ReturnType::Type(_, ty) if matches!(&**ty, Type::Tuple(t) if t.elems.is_empty()) => None,
        ReturnType::Type(_, ty) => Some(
            c_type(ty, abi).map_err(|t| format!("function {name}: unsupported return type {t}"))?,
        ),
    };
    Ok(Some(Function {
        name,
        params,
        ret,
        doc: doc_lines(&f.attrs),
    }))
}

/// Maps a Rust type to its C shape, or returns the type's text for the error message.
fn c_type(ty: &Type, abi: &Abi) -> Result<CType, String> {
    let text = || quote_type(ty);
    match ty {
        Type::Ptr(p) => {
            let inner = match &*p.elem {
                Type::Ptr(_) => c_type(&p.elem, abi)?,
                elem => match path_ident(elem).as_deref() {
                    Some("c_char") => CType::Char,
                    Some(id) => match primitive(id) {
                        Some(prim) => CType::Primitive(prim),
                        None if abi.opaques.iter().any(|o| o.name == id) => {
                            CType::Named(id.to_owned())
                        }
                        None => return Err(text()),
                    },
                    None => return Err(text()),
                },
            };
            Ok(CType::Pointer(Box::new(inner)))
        }
        _ => match path_ident(ty).as_deref() {
            Some("u8") => Err(text()),
            Some(id) => match primitive(id) {
                Some(prim) => Ok(CType::Primitive(prim)),
                None if abi.enums.iter().any(|e| e.name == id) => Ok(CType::Named(id.to_owned())),
                None if abi.is_declared(id) => {
                    Err(format!("{} (an opaque struct by value)", text()))
                }
                None => Err(text()),
            },
            None => Err(text()),
        },
    }
}

fn quote_type(ty: &Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string()
}
