//! One registry for the Python surface of the objects a program uses: every
//! method of a class is defined once, as a [`Method`] (its name, its
//! Python-style [`Signature`], a one-line doc, what it returns and the Rust
//! function that runs it). Calling, binding arguments, completion, `:help`
//! and "Did you mean" all read the same entry.
//!
//! ```
//! use streamlab::lang::registry::Signature;
//! use streamlab::lang::value::Value;
//! let sig = Signature::parse("(windowDuration, slideDuration=None)");
//! let b = sig.bind("DStream.window", vec![Value::Int(3)], vec![]).unwrap();
//! assert!(matches!(b.get("windowDuration"), Value::Int(3)));
//! assert!(b.get("slideDuration").is_none());
//! let err = sig.bind("DStream.window", vec![], vec![]).unwrap_err();
//! assert_eq!(err.msg, "DStream.window() missing 1 required positional argument: 'windowDuration'");
//! ```

use super::diag::{did_you_mean, no_attribute};
use super::value::{Exc, Kwargs, PyResult, Value};

/// How a parameter is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// Positional or keyword (`func`, `numPartitions=None`).
    Positional,
    /// `*args`.
    VarArgs,
    /// After `*` or `*args`: by keyword only.
    KeywordOnly,
    /// `**kwargs`.
    VarKeywords,
}

/// One parameter of a [`Signature`].
#[derive(Clone)]
pub struct Param {
    pub name: &'static str,
    pub kind: ParamKind,
    /// The default's source text (`None`, `10`), when it has one.
    pub default_text: Option<&'static str>,
    default: Option<Value>,
}

impl Param {
    /// Required: a positional or keyword-only parameter without a default.
    pub fn required(&self) -> bool {
        matches!(self.kind, ParamKind::Positional | ParamKind::KeywordOnly)
            && self.default.is_none()
    }

    /// How the parameter reads in its signature (`numPartitions=None`, `*dstreams`).
    pub fn spec(&self) -> String {
        match (self.kind, self.default_text) {
            (ParamKind::VarArgs, _) => format!("*{}", self.name),
            (ParamKind::VarKeywords, _) => format!("**{}", self.name),
            (_, Some(d)) => format!("{}={d}", self.name),
            (_, None) => self.name.to_string(),
        }
    }
}

/// A Python parameter list, parsed once from its text.
#[derive(Clone)]
pub struct Signature {
    /// The text between the parentheses, as completion and `:help` show it.
    pub text: &'static str,
    pub params: Vec<Param>,
}

/// A default value written in a signature: `None`, `True`, `False`, an int,
/// a float or a quoted string.
fn literal(text: &str) -> Option<Value> {
    Some(match text {
        "None" => Value::None,
        "True" => Value::Bool(true),
        "False" => Value::Bool(false),
        t if t.len() >= 2
            && ((t.starts_with('\'') && t.ends_with('\''))
                || (t.starts_with('"') && t.ends_with('"'))) =>
        {
            // The escapes a default may use (`end='\n'`).
            let mut out = String::new();
            let mut chars = t[1..t.len() - 1].chars();
            while let Some(c) = chars.next() {
                match (c, c == '\\') {
                    (_, true) => match chars.next()? {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        other => out.push(other),
                    },
                    (c, false) => out.push(c),
                }
            }
            Value::str(&out)
        }
        t => match t.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::Float(t.parse::<f64>().ok()?),
        },
    })
}

impl Signature {
    /// Parse `"(func, numPartitions=None, *, key=None)"` (the parentheses are
    /// optional). Panics on text that is not a parameter list: signatures are
    /// written in the source, and a test walks them all.
    pub fn parse(text: &'static str) -> Signature {
        let inner = text.trim();
        let inner = inner
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(')'))
            .unwrap_or(inner)
            .trim();
        let mut params = Vec::new();
        let mut keyword_only = false;
        for part in inner.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            if part == "*" {
                keyword_only = true;
                continue;
            }
            // Positional-only marker: those before it are bound by position
            // as usual (passing them by name is not refused).
            if part == "/" {
                continue;
            }
            if let Some(name) = part.strip_prefix("**") {
                params.push(Param {
                    name,
                    kind: ParamKind::VarKeywords,
                    default_text: None,
                    default: None,
                });
                continue;
            }
            if let Some(name) = part.strip_prefix('*') {
                keyword_only = true;
                params.push(Param {
                    name,
                    kind: ParamKind::VarArgs,
                    default_text: None,
                    default: None,
                });
                continue;
            }
            let (name, default_text) = match part.split_once('=') {
                Some((n, d)) => (n.trim(), Some(d.trim())),
                None => (part, None),
            };
            assert!(
                name.chars().all(|c| c.is_alphanumeric() || c == '_') && !name.is_empty(),
                "bad parameter '{part}' in signature '{text}'"
            );
            let default = default_text.map(|d| {
                literal(d).unwrap_or_else(|| panic!("bad default '{d}' in signature '{text}'"))
            });
            params.push(Param {
                name,
                kind: if keyword_only {
                    ParamKind::KeywordOnly
                } else {
                    ParamKind::Positional
                },
                default_text,
                default,
            });
        }
        Signature {
            text: inner,
            params,
        }
    }

    /// The parameters that may be passed by keyword (for completion's `name=`).
    pub fn keyword_names(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| matches!(p.kind, ParamKind::Positional | ParamKind::KeywordOnly))
    }

    fn positional(&self) -> impl Iterator<Item = &Param> {
        self.params
            .iter()
            .filter(|p| p.kind == ParamKind::Positional)
    }

    /// Bind a call's arguments, with Python's errors. `qualname` names the
    /// callable in messages; when it contains a dot (`DStream.window`) it is a
    /// method and counts count `self`, as Python's do.
    pub fn bind(&self, qualname: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult<Bound> {
        let offset = usize::from(qualname.contains('.'));
        let n_pos = self.positional().count();
        let has_varargs = self.params.iter().any(|p| p.kind == ParamKind::VarArgs);
        let has_varkw = self.params.iter().any(|p| p.kind == ParamKind::VarKeywords);
        let mut values: Vec<Option<Value>> = vec![None; self.params.len()];
        let mut rest = Vec::new();
        let given_positional = args.len();
        let mut pos_slots = self
            .params
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == ParamKind::Positional)
            .map(|(i, _)| i);
        for a in args {
            match pos_slots.next() {
                Some(i) => values[i] = Some(a),
                None => rest.push(a),
            }
        }
        // Keywords are checked before the count of positional arguments, as in CPython.
        let mut extra_kwargs = Kwargs::new();
        let mut keyword_only_given = 0;
        for (k, v) in kwargs {
            let slot = self.params.iter().position(|p| {
                p.name == &*k && matches!(p.kind, ParamKind::Positional | ParamKind::KeywordOnly)
            });
            match slot {
                Some(i) if values[i].is_some() => {
                    return Err(Exc::type_error(format!(
                        "{qualname}() got multiple values for argument '{k}'"
                    )))
                }
                Some(i) => {
                    if self.params[i].kind == ParamKind::KeywordOnly {
                        keyword_only_given += 1;
                    }
                    values[i] = Some(v);
                }
                None if has_varkw => extra_kwargs.push((k, v)),
                None => {
                    let mut msg = format!("{qualname}() got an unexpected keyword argument '{k}'");
                    if let Some(s) = did_you_mean(&k, self.keyword_names().map(|p| p.name)) {
                        msg.push_str(&format!(". Did you mean '{s}'?"));
                    }
                    return Err(Exc::type_error(msg));
                }
            }
        }
        if !rest.is_empty() && !has_varargs {
            let required = self.positional().filter(|p| p.required()).count();
            let (lo, hi) = (required + offset, n_pos + offset);
            let takes = if lo == hi {
                format!("{hi} positional argument{}", plural(hi))
            } else {
                format!("from {lo} to {hi} positional arguments")
            };
            let given = given_positional + offset;
            let given = if keyword_only_given > 0 {
                format!(
                    "{given} positional argument{} (and {keyword_only_given} keyword-only argument{}) were",
                    plural(given),
                    plural(keyword_only_given)
                )
            } else {
                format!("{given} {}", if given == 1 { "was" } else { "were" })
            };
            return Err(Exc::type_error(format!(
                "{qualname}() takes {takes} but {given} given"
            )));
        }
        for (kind, what) in [
            (ParamKind::Positional, "positional"),
            (ParamKind::KeywordOnly, "keyword-only"),
        ] {
            let missing: Vec<String> = self
                .params
                .iter()
                .zip(&values)
                .filter(|(p, v)| p.kind == kind && p.required() && v.is_none())
                .map(|(p, _)| format!("'{}'", p.name))
                .collect();
            if !missing.is_empty() {
                let count = missing.len();
                let list = match missing.split_last() {
                    Some((last, init)) if !init.is_empty() => {
                        format!("{} and {}", init.join(", "), last)
                    }
                    _ => missing.join(""),
                };
                return Err(Exc::type_error(format!(
                    "{qualname}() missing {count} required {what} argument{}: {list}",
                    plural(count)
                )));
            }
        }
        Ok(Bound {
            names: self.params.iter().map(|p| p.name).collect(),
            defaults: self.params.iter().map(|p| p.default.clone()).collect(),
            values,
            rest,
            kwargs: extra_kwargs,
        })
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A call's arguments after [`Signature::bind`], by parameter name.
#[derive(Debug)]
pub struct Bound {
    names: Vec<&'static str>,
    defaults: Vec<Option<Value>>,
    values: Vec<Option<Value>>,
    rest: Vec<Value>,
    kwargs: Kwargs,
}

impl Bound {
    fn index(&self, name: &str) -> Option<usize> {
        let i = self.names.iter().position(|n| *n == name);
        debug_assert!(i.is_some(), "no parameter '{name}' ({:?})", self.names);
        i
    }

    /// The argument passed for `name`, if the call passed one.
    pub fn given(&self, name: &str) -> Option<&Value> {
        self.index(name).and_then(|i| self.values[i].as_ref())
    }

    /// The argument for `name`: the one passed, else its default (`None`
    /// when it has neither, which binding allows only for `*args`/`**kwargs`).
    pub fn get(&self, name: &str) -> Value {
        match self.index(name) {
            Some(i) => self.values[i]
                .clone()
                .or_else(|| self.defaults[i].clone())
                .unwrap_or(Value::None),
            None => Value::None,
        }
    }

    /// The argument for `name` unless it is (or defaults to) `None`.
    pub fn opt(&self, name: &str) -> Option<Value> {
        Some(self.get(name)).filter(|v| !v.is_none())
    }

    /// What `*args` collected.
    pub fn rest(&self) -> &[Value] {
        &self.rest
    }

    /// What `**kwargs` collected.
    pub fn kwargs(&self) -> &Kwargs {
        &self.kwargs
    }

    /// One slot per parameter, in order: the argument passed, or `None` when
    /// it was not (for callers that take arguments by position).
    pub fn into_slots(self) -> Vec<Option<Value>> {
        self.values
    }
}

/// What a method returns, as far as completion needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// An instance of the named class: a registry class (`DStream`) or a
    /// builtin type (`list`, `str`).
    Class(&'static str),
    /// `None`.
    Nothing,
    /// Something completion cannot know (a number, whatever a function returns).
    Unknown,
}

/// One method's description, without its implementation.
pub struct MethodInfo {
    pub name: &'static str,
    pub signature: Signature,
    pub doc: &'static str,
    pub returns: Returns,
}

/// An attribute read without a call (`ssc.sparkContext`).
pub struct Attribute {
    pub name: &'static str,
    pub doc: &'static str,
    pub returns: Returns,
}

/// A class's description: what completion, `:help` and "Did you mean" read.
pub struct ClassInfo {
    pub name: &'static str,
    pub methods: Vec<MethodInfo>,
    pub attributes: &'static [Attribute],
}

impl ClassInfo {
    pub fn method(&self, name: &str) -> Option<&MethodInfo> {
        self.methods.iter().find(|m| m.name == name)
    }

    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// Method and attribute names, in definition order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.methods
            .iter()
            .map(|m| m.name)
            .chain(self.attributes.iter().map(|a| a.name))
    }

    /// Python's AttributeError for `obj.name`, with "Did you mean".
    pub fn no_attribute(&self, name: &str) -> Exc {
        no_attribute(self.name, name, self.names())
    }
}

/// The Rust side of a method: the receiver and its bound arguments.
pub type Call<R> = fn(&R, Bound) -> PyResult;

/// A method: its description and what runs it.
pub struct Method<R: 'static> {
    pub info: MethodInfo,
    pub call: Call<R>,
}

impl<R: 'static> Method<R> {
    pub fn new(
        name: &'static str,
        signature: &'static str,
        doc: &'static str,
        returns: Returns,
        call: Call<R>,
    ) -> Method<R> {
        Method {
            info: MethodInfo {
                name,
                signature: Signature::parse(signature),
                doc,
                returns,
            },
            call,
        }
    }
}

/// A class: its description and the implementation of each method, for a
/// receiver of Rust type `R`.
pub struct Class<R: 'static> {
    pub info: ClassInfo,
    calls: Vec<Call<R>>,
}

impl<R: 'static> Class<R> {
    pub fn new(
        name: &'static str,
        methods: Vec<Method<R>>,
        attributes: &'static [Attribute],
    ) -> Class<R> {
        let (infos, calls) = methods.into_iter().map(|m| (m.info, m.call)).unzip();
        Class {
            info: ClassInfo {
                name,
                methods: infos,
                attributes,
            },
            calls,
        }
    }

    /// The method called `name`, if the class has one.
    pub fn find(&self, name: &str) -> Option<(&MethodInfo, Call<R>)> {
        let i = self.info.methods.iter().position(|m| m.name == name)?;
        Some((&self.info.methods[i], self.calls[i]))
    }

    /// `recv.name(*args, **kwargs)`: bind the arguments and run the method,
    /// or raise the AttributeError of a missing one.
    pub fn call(&self, recv: &R, name: &str, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let Some((info, call)) = self.find(name) else {
            return Err(self.info.no_attribute(name));
        };
        let bound = info
            .signature
            .bind(&format!("{}.{name}", self.info.name), args, kwargs)?;
        call(recv, bound)
    }

    /// Method names, for `attr_names`.
    pub fn method_names(&self) -> Vec<&'static str> {
        self.info.methods.iter().map(|m| m.name).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sig(s: &'static str) -> Signature {
        Signature::parse(s)
    }

    fn err(s: &'static str, q: &str, args: Vec<Value>, kw: &[(&str, Value)]) -> String {
        let kw = kw.iter().map(|(k, v)| (Arc::from(*k), v.clone())).collect();
        match sig(s).bind(q, args, kw) {
            Ok(_) => "ok".into(),
            Err(e) => e.msg,
        }
    }

    #[test]
    fn parses_every_kind_of_parameter() {
        let s = sig("(func, numPartitions=None, *rest, key=10, flag, **extra)");
        let kinds: Vec<_> = s.params.iter().map(|p| (p.name, p.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("func", ParamKind::Positional),
                ("numPartitions", ParamKind::Positional),
                ("rest", ParamKind::VarArgs),
                ("key", ParamKind::KeywordOnly),
                ("flag", ParamKind::KeywordOnly),
                ("extra", ParamKind::VarKeywords),
            ]
        );
        assert_eq!(
            s.text,
            "func, numPartitions=None, *rest, key=10, flag, **extra"
        );
        assert_eq!(sig("()").params.len(), 0);
        assert_eq!(sig("(a, *, b=None)").params[1].kind, ParamKind::KeywordOnly);
    }

    #[test]
    fn binds_by_name_with_defaults() {
        let s = sig("(func, numPartitions=None, *, key='k', n=2.5)");
        let b = s
            .bind(
                "DStream.f",
                vec![Value::Int(1)],
                vec![(Arc::from("key"), Value::Int(7))],
            )
            .unwrap();
        assert!(matches!(b.get("func"), Value::Int(1)));
        assert!(b.given("numPartitions").is_none());
        assert!(b.get("numPartitions").is_none());
        assert!(b.opt("numPartitions").is_none());
        assert!(matches!(b.get("key"), Value::Int(7)));
        assert!(matches!(b.get("n"), Value::Float(f) if f == 2.5));
        let b = sig("(*dstreams, **kw)")
            .bind(
                "StreamingContext.union",
                vec![Value::Int(1), Value::Int(2)],
                vec![(Arc::from("x"), Value::None)],
            )
            .unwrap();
        assert_eq!(b.rest().len(), 2);
        assert_eq!(b.kwargs().len(), 1);
    }

    #[test]
    fn python_type_errors() {
        let i = Value::Int;
        let s = "(func, numPartitions=None)";
        assert_eq!(
            err(s, "DStream.reduceByKey", vec![], &[]),
            "DStream.reduceByKey() missing 1 required positional argument: 'func'"
        );
        assert_eq!(
            err(s, "reduceByKey", vec![], &[]),
            "reduceByKey() missing 1 required positional argument: 'func'"
        );
        assert_eq!(
            err(s, "DStream.reduceByKey", vec![i(1), i(2), i(3)], &[]),
            "DStream.reduceByKey() takes from 2 to 3 positional arguments but 4 were given"
        );
        assert_eq!(
            err(s, "reduceByKey", vec![i(1), i(2), i(3)], &[]),
            "reduceByKey() takes from 1 to 2 positional arguments but 3 were given"
        );
        assert_eq!(
            err("(f)", "map", vec![i(1), i(2)], &[]),
            "map() takes 1 positional argument but 2 were given"
        );
        assert_eq!(
            err(s, "reduceByKey", vec![i(1)], &[("x", i(1))]),
            "reduceByKey() got an unexpected keyword argument 'x'"
        );
        assert_eq!(
            err(s, "reduceByKey", vec![i(1)], &[("numPartiton", i(1))]),
            "reduceByKey() got an unexpected keyword argument 'numPartiton'. Did you mean 'numPartitions'?"
        );
        assert_eq!(
            err(s, "reduceByKey", vec![i(1)], &[("func", i(1))]),
            "reduceByKey() got multiple values for argument 'func'"
        );
        assert_eq!(
            err("(a, b, c)", "f", vec![], &[]),
            "f() missing 3 required positional arguments: 'a', 'b' and 'c'"
        );
        assert_eq!(
            err("(a, *, key)", "f", vec![i(1)], &[]),
            "f() missing 1 required keyword-only argument: 'key'"
        );
        assert_eq!(
            err("(a, *, key=None)", "f", vec![i(1), i(2)], &[("key", i(1))]),
            "f() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given"
        );
        assert_eq!(err("(*a)", "f", vec![i(1), i(2)], &[]), "ok");
    }
}
