//! The curated part of Python's standard library that does not depend on
//! the session's host: `json`, `re`, `datetime`, `collections`, `math`,
//! `random`, `functools`, `operator`, `itertools`, `string` and
//! `findspark`, one file per module. [`STDLIB`] is the one table of every
//! module a program may import, with the names each offers: imports,
//! completion and the README read it. The host-dependent modules (`sys`,
//! `time`, `os`, `os.path`) are listed here too, without a maker; the
//! session builds them (`session::modules`).
//!
//! Every function binds its arguments with the registry's one binder
//! ([`SigFn`](crate::lang::native::SigFn)), so a wrong call gets Python's
//! `TypeError`; every value is `Send + Sync`, so lambdas that use them run
//! in partitions.

pub mod collections;
pub mod datetime;
pub mod functools;
pub mod itertools;
pub mod json;
pub mod math;
pub mod operator;
pub mod random;
pub mod re;

use std::any::Any;
use std::sync::Arc;

use indexmap::IndexMap;

use super::value::{Exc, Kwargs, Object, PyResult, Value};

/// A module's attributes, by name.
pub type Attrs = IndexMap<&'static str, Value>;

/// One importable module: its name, the names it offers, and how to make
/// it (`None` for the modules the session makes with its host).
pub struct ModuleDef {
    pub name: &'static str,
    pub names: &'static [&'static str],
    pub make: Option<fn() -> Attrs>,
}

/// Every standard-library module a program may import.
pub const STDLIB: &[ModuleDef] = &[
    ModuleDef {
        name: "sys",
        names: &[
            "argv", "exit", "stdout", "stderr", "maxsize", "platform", "version",
        ],
        make: None,
    },
    ModuleDef {
        name: "time",
        names: &["time", "sleep", "perf_counter", "monotonic"],
        make: None,
    },
    ModuleDef {
        name: "os",
        names: &[
            "getcwd", "environ", "listdir", "path", "sep", "linesep", "getenv", "remove",
            "makedirs",
        ],
        make: None,
    },
    ModuleDef {
        name: "os.path",
        names: &[
            "join", "exists", "isdir", "isfile", "basename", "dirname", "abspath", "splitext",
            "getsize",
        ],
        make: None,
    },
    ModuleDef {
        name: "__future__",
        names: &[
            "print_function",
            "annotations",
            "division",
            "absolute_import",
            "unicode_literals",
        ],
        make: Some(future),
    },
    ModuleDef {
        name: "json",
        names: json::NAMES,
        make: Some(json::make),
    },
    ModuleDef {
        name: "re",
        names: re::NAMES,
        make: Some(re::make),
    },
    ModuleDef {
        name: "datetime",
        names: datetime::NAMES,
        make: Some(datetime::make),
    },
    ModuleDef {
        name: "collections",
        names: collections::NAMES,
        make: Some(collections::make),
    },
    ModuleDef {
        name: "math",
        names: math::NAMES,
        make: Some(math::make),
    },
    ModuleDef {
        name: "random",
        names: random::NAMES,
        make: Some(random::make),
    },
    ModuleDef {
        name: "functools",
        names: functools::NAMES,
        make: Some(functools::make),
    },
    ModuleDef {
        name: "operator",
        names: operator::NAMES,
        make: Some(operator::make),
    },
    ModuleDef {
        name: "itertools",
        names: itertools::NAMES,
        make: Some(itertools::make),
    },
    ModuleDef {
        name: "string",
        names: STRING_NAMES,
        make: Some(string),
    },
    ModuleDef {
        name: "findspark",
        names: &["init", "find"],
        make: Some(findspark),
    },
];

/// The module called `name`, if a program may import it.
pub fn find(name: &str) -> Option<&'static ModuleDef> {
    STDLIB.iter().find(|m| m.name == name)
}

/// Whether `v` is a value of these modules that defines `==` (so dict
/// keys, shuffle keys and `in` compare it by value).
pub fn overloads_eq(v: &Value) -> bool {
    collections::overloads_eq(v) || datetime::overloads_eq(v) || re::overloads_eq(v)
}

/// For a class of these modules (`datetime.date`, `Counter`, a namedtuple
/// class), the type names its instances (and its subclasses' instances)
/// report, for `isinstance`.
pub fn instance_type_names(class: &Value) -> Option<Vec<&str>> {
    datetime::instance_type_names(class).or_else(|| collections::instance_type_names(class))
}

/// A module value with these attributes.
pub fn module_value(name: &'static str, attrs: Attrs) -> Value {
    Value::Object(Arc::new(StdModule { name, attrs }))
}

fn future() -> Attrs {
    find("__future__")
        .map(|m| m.names.iter().map(|n| (*n, Value::Bool(true))).collect())
        .unwrap_or_default()
}

const STRING_NAMES: &[&str] = &[
    "ascii_letters",
    "ascii_lowercase",
    "ascii_uppercase",
    "digits",
    "hexdigits",
    "octdigits",
    "punctuation",
    "whitespace",
    "printable",
];

fn string() -> Attrs {
    let lower = "abcdefghijklmnopqrstuvwxyz";
    let upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let digits = "0123456789";
    let punct = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;
    let ws = " \t\n\r\x0b\x0c";
    IndexMap::from([
        ("ascii_letters", Value::str(&format!("{lower}{upper}"))),
        ("ascii_lowercase", Value::str(lower)),
        ("ascii_uppercase", Value::str(upper)),
        ("digits", Value::str(digits)),
        ("hexdigits", Value::str("0123456789abcdefABCDEF")),
        ("octdigits", Value::str("01234567")),
        ("punctuation", Value::str(punct)),
        ("whitespace", Value::str(ws)),
        (
            "printable",
            Value::str(&format!("{digits}{lower}{upper}{punct}{ws}")),
        ),
    ])
}

/// `findspark`: tutorials call `findspark.init()` before importing pyspark,
/// to put Spark on Python's path; streamlab has it built in, so both do nothing.
fn findspark() -> Attrs {
    use crate::lang::native::SigFn;
    IndexMap::from([
        (
            "init",
            SigFn::value(
                "init",
                "(spark_home=None, python_path=None, edit_rc=False, edit_profile=False)",
                |_| Ok(Value::None),
            ),
        ),
        (
            "find",
            SigFn::value("find", "()", |_| Ok(Value::str("streamlab"))),
        ),
    ])
}

/// A module of the standard library: its attributes by name.
pub struct StdModule {
    pub name: &'static str,
    pub attrs: Attrs,
}

impl Object for StdModule {
    fn type_name(&self) -> &str {
        "module"
    }
    fn repr(&self) -> String {
        if matches!(self.name, "sys" | "time" | "math" | "itertools") {
            format!("<module '{}' (built-in)>", self.name)
        } else {
            format!("<module '{}'>", self.name)
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        self.attrs.get(name).cloned().ok_or_else(|| {
            let mut msg = format!(
                "module '{}' has no attribute '{name}' in streamlab's Python (it offers: {})",
                self.name,
                self.attrs.keys().copied().collect::<Vec<_>>().join(", ")
            );
            if let Some(s) = crate::lang::diag::did_you_mean(name, self.attrs.keys().copied()) {
                msg.push_str(&format!(". Did you mean: '{s}'?"));
            }
            Exc::attr_error(msg)
        })
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.get_attr(this, name)?;
        crate::lang::compile::call_value(&f, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        self.attrs.keys().copied().collect()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

// Helpers the modules share for reading arguments.

/// An int argument (`bool` counts, as in Python).
pub fn int_arg(v: &Value, what: &str) -> PyResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::BigInt(_) => Err(Exc::overflow(format!(
            "{what}: Python int too large to convert to C long"
        ))),
        other => Err(Exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            other.type_name()
        ))),
    }
}

/// A real-number argument, as `float(x)` would take it.
pub fn float_arg(v: &Value) -> PyResult<f64> {
    crate::lang::ops::to_f64(v)?
        .ok_or_else(|| Exc::type_error(format!("must be real number, not {}", v.type_name())))
}

/// A str argument.
pub fn str_arg(v: &Value, what: &str) -> PyResult<Arc<str>> {
    match v {
        Value::Str(s) => Ok(s.clone()),
        other => Err(Exc::type_error(format!(
            "{what} must be str, not {}",
            other.type_name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_made_module_offers_exactly_its_listed_names() {
        for m in STDLIB {
            let Some(make) = m.make else { continue };
            let made: Vec<&str> = make().keys().copied().collect();
            let mut listed = m.names.to_vec();
            let mut got = made.clone();
            listed.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, listed, "module {}", m.name);
        }
    }

    #[test]
    fn string_constants_are_pythons() {
        let s = string();
        assert_eq!(s["printable"].to_str().len(), 100);
        assert_eq!(s["punctuation"].to_str().len(), 32);
    }
}
