//! `itertools`. Iterators in streamlab are built eagerly (see `lang::iter`),
//! so the endless ones (`count`, `cycle`, `repeat` without `times`) are
//! objects that only `islice` (and `zip` with something finite, through
//! `islice`) can take from; iterating one whole gets a message saying so.

use std::any::Any;
use std::sync::Arc;

use indexmap::IndexMap;

use super::Attrs;
use crate::lang::ast::BinOp;
use crate::lang::compile::call_value;
use crate::lang::iter::PyIter;
use crate::lang::native::SigFn;
use crate::lang::ops;
use crate::lang::repr::FAKE_ADDRESS;
use crate::lang::value::{Exc, ExcKind, Kwargs, Object, PyResult, Value};

pub const NAMES: &[&str] = &[
    "chain",
    "islice",
    "count",
    "cycle",
    "repeat",
    "groupby",
    "product",
    "combinations",
    "combinations_with_replacement",
    "permutations",
    "accumulate",
    "zip_longest",
    "starmap",
    "takewhile",
    "dropwhile",
    "filterfalse",
    "compress",
];

fn it(name: &'static str, items: Vec<Value>) -> PyResult {
    Ok(PyIter::over(name, items))
}

fn check_size(n: usize) -> PyResult<()> {
    if n > crate::lang::limits::MAX_GENERATOR_ITEMS {
        return Err(Exc::new(
            ExcKind::MemoryError,
            format!(
                "the result would have more than {} items; streamlab builds iterators eagerly",
                crate::lang::limits::MAX_GENERATOR_ITEMS
            ),
        ));
    }
    Ok(())
}

fn nonneg(v: &Value, what: &str) -> PyResult<usize> {
    let n = super::int_arg(v, what)?;
    usize::try_from(n).map_err(|_| Exc::value_error(format!("{what} must be non-negative")))
}

pub fn make() -> Attrs {
    let mut m: Attrs = IndexMap::new();
    m.insert("chain", Value::object(Chain));
    m.insert(
        "islice",
        SigFn::value("islice", "(iterable, *args)", |b| {
            let args = b.rest();
            let opt = |v: &Value, what: &str| -> PyResult<Option<usize>> {
                match v {
                    Value::None => Ok(None),
                    v => super::int_arg(v, what)
                        .ok()
                        .and_then(|n| usize::try_from(n).ok())
                        .map(Some)
                        .ok_or_else(|| Exc::value_error(format!("{what} argument for islice() must be None or an integer: 0 <= x <= sys.maxsize."))),
                }
            };
            let (start, stop, step) = match args {
                [stop] => (0, opt(stop, "Stop")?, 1),
                [a, s] => (opt(a, "Indices")?.unwrap_or(0), opt(s, "Stop")?, 1),
                [a, s, st] => (
                    opt(a, "Indices")?.unwrap_or(0),
                    opt(s, "Stop")?,
                    opt(st, "Step")?.unwrap_or(1),
                ),
                _ => {
                    return Err(Exc::type_error(format!(
                        "islice expected at most 4 arguments, got {}",
                        args.len() + 1
                    )))
                }
            };
            if step == 0 {
                return Err(Exc::value_error(
                    "Step for islice() must be a positive integer or None.",
                ));
            }
            let src = b.get("iterable");
            let items = match (src.downcast::<Endless>(), stop) {
                (Some(e), Some(stop)) => e.take(stop)?,
                (Some(e), None) => return Err(e.refuse()),
                (None, _) => ops::iterate(&src)?,
            };
            let end = stop.unwrap_or(items.len()).min(items.len());
            let out = (start..end).step_by(step).filter_map(|i| items.get(i).cloned()).collect();
            it("itertools.islice", out)
        }),
    );
    m.insert(
        "count",
        SigFn::value("count", "(start=0, step=1)", |b| {
            Ok(Value::object(Endless::Count(b.get("start"), b.get("step"))))
        }),
    );
    m.insert(
        "cycle",
        SigFn::value("cycle", "(iterable, /)", |b| {
            Ok(Value::object(Endless::Cycle(ops::iterate(
                &b.get("iterable"),
            )?)))
        }),
    );
    m.insert(
        "repeat",
        SigFn::value("repeat", "(object, times=None)", |b| match b.get("times") {
            Value::None => Ok(Value::object(Endless::Repeat(b.get("object")))),
            t => {
                let n = super::int_arg(&t, "times")?.max(0) as usize;
                check_size(n)?;
                it("itertools.repeat", vec![b.get("object"); n])
            }
        }),
    );
    m.insert(
        "groupby",
        SigFn::value("groupby", "(iterable, key=None)", |b| {
            let key = b.get("key");
            let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
            for x in ops::iterate(&b.get("iterable"))? {
                let k = if key.is_none() {
                    x.clone()
                } else {
                    call_value(&key, vec![x.clone()], Vec::new())?
                };
                match groups.last_mut() {
                    Some((gk, items)) if ops::py_eq(gk, &k) => items.push(x),
                    _ => groups.push((k, vec![x])),
                }
            }
            it(
                "itertools.groupby",
                groups
                    .into_iter()
                    .map(|(k, items)| {
                        Value::tuple(vec![k, PyIter::over("itertools._grouper", items)])
                    })
                    .collect(),
            )
        }),
    );
    m.insert(
        "product",
        SigFn::value("product", "(*iterables, repeat=1)", |b| {
            let r = nonneg(&b.get("repeat"), "repeat argument")?;
            let pools: Vec<Vec<Value>> =
                b.rest().iter().map(ops::iterate).collect::<PyResult<_>>()?;
            let mut all = Vec::new();
            for _ in 0..r {
                all.extend(pools.iter().cloned());
            }
            let total = all
                .iter()
                .map(Vec::len)
                .try_fold(1usize, |a, n| a.checked_mul(n));
            check_size(total.unwrap_or(usize::MAX))?;
            let mut out: Vec<Vec<Value>> = vec![Vec::new()];
            for pool in &all {
                out = out
                    .into_iter()
                    .flat_map(|prefix| {
                        pool.iter().map(move |x| {
                            let mut p = prefix.clone();
                            p.push(x.clone());
                            p
                        })
                    })
                    .collect();
            }
            it(
                "itertools.product",
                out.into_iter().map(Value::tuple).collect(),
            )
        }),
    );
    for (name, with_replacement) in [
        ("combinations", false),
        ("combinations_with_replacement", true),
    ] {
        m.insert(
            name,
            SigFn::value(name, "(iterable, r)", move |b| {
                let pool = ops::iterate(&b.get("iterable"))?;
                let r = nonneg(&b.get("r"), "r")?;
                let mut out = Vec::new();
                combos(&pool, r, 0, with_replacement, &mut Vec::new(), &mut out)?;
                it(
                    if with_replacement {
                        "itertools.combinations_with_replacement"
                    } else {
                        "itertools.combinations"
                    },
                    out,
                )
            }),
        );
    }
    m.insert(
        "permutations",
        SigFn::value("permutations", "(iterable, r=None)", |b| {
            let pool = ops::iterate(&b.get("iterable"))?;
            let r = match b.get("r") {
                Value::None => pool.len(),
                v => nonneg(&v, "r")?,
            };
            let mut out = Vec::new();
            let mut used = vec![false; pool.len()];
            perms(&pool, r, &mut used, &mut Vec::new(), &mut out)?;
            it("itertools.permutations", out)
        }),
    );
    m.insert(
        "accumulate",
        SigFn::value(
            "accumulate",
            "(iterable, func=None, *, initial=None)",
            |b| {
                let f = b.get("func");
                let mut out = Vec::new();
                let mut acc: Option<Value> = match b.get("initial") {
                    Value::None => None,
                    v => {
                        out.push(v.clone());
                        Some(v)
                    }
                };
                for x in ops::iterate(&b.get("iterable"))? {
                    let next = match acc {
                        None => x,
                        Some(a) if f.is_none() => ops::binary(BinOp::Add, &a, &x)?,
                        Some(a) => call_value(&f, vec![a, x], Vec::new())?,
                    };
                    out.push(next.clone());
                    acc = Some(next);
                }
                it("itertools.accumulate", out)
            },
        ),
    );
    m.insert(
        "zip_longest",
        SigFn::value("zip_longest", "(*iterables, fillvalue=None)", |b| {
            let fill = b.get("fillvalue");
            let cols: Vec<Vec<Value>> =
                b.rest().iter().map(ops::iterate).collect::<PyResult<_>>()?;
            let n = cols.iter().map(Vec::len).max().unwrap_or(0);
            let out = (0..n)
                .map(|i| {
                    Value::tuple(
                        cols.iter()
                            .map(|c| c.get(i).cloned().unwrap_or_else(|| fill.clone()))
                            .collect(),
                    )
                })
                .collect();
            it("itertools.zip_longest", out)
        }),
    );
    m.insert(
        "starmap",
        SigFn::value("starmap", "(function, iterable, /)", |b| {
            let f = b.get("function");
            let out = ops::iterate(&b.get("iterable"))?
                .into_iter()
                .map(|args| call_value(&f, ops::iterate(&args)?, Vec::new()))
                .collect::<PyResult<_>>()?;
            it("itertools.starmap", out)
        }),
    );
    for (name, take) in [("takewhile", true), ("dropwhile", false)] {
        m.insert(
            name,
            SigFn::value(name, "(predicate, iterable, /)", move |b| {
                let f = b.get("predicate");
                let items = ops::iterate(&b.get("iterable"))?;
                let mut cut = items.len();
                for (i, x) in items.iter().enumerate() {
                    if !call_value(&f, vec![x.clone()], Vec::new())?.truthy() {
                        cut = i;
                        break;
                    }
                }
                let (head, tail) = items.split_at(cut);
                if take {
                    it("itertools.takewhile", head.to_vec())
                } else {
                    it("itertools.dropwhile", tail.to_vec())
                }
            }),
        );
    }
    m.insert(
        "filterfalse",
        SigFn::value("filterfalse", "(function, iterable, /)", |b| {
            let f = b.get("function");
            let mut out = Vec::new();
            for x in ops::iterate(&b.get("iterable"))? {
                let keep = if f.is_none() {
                    x.truthy()
                } else {
                    call_value(&f, vec![x.clone()], Vec::new())?.truthy()
                };
                if !keep {
                    out.push(x);
                }
            }
            it("itertools.filterfalse", out)
        }),
    );
    m.insert(
        "compress",
        SigFn::value("compress", "(data, selectors)", |b| {
            let data = ops::iterate(&b.get("data"))?;
            let sel = ops::iterate(&b.get("selectors"))?;
            let out = data
                .into_iter()
                .zip(sel)
                .filter(|(_, s)| s.truthy())
                .map(|(d, _)| d)
                .collect();
            it("itertools.compress", out)
        }),
    );
    m
}

fn combos(
    pool: &[Value],
    r: usize,
    from: usize,
    rep: bool,
    cur: &mut Vec<Value>,
    out: &mut Vec<Value>,
) -> PyResult<()> {
    if cur.len() == r {
        check_size(out.len() + 1)?;
        out.push(Value::tuple(cur.clone()));
        return Ok(());
    }
    for i in from..pool.len() {
        cur.push(pool[i].clone());
        combos(pool, r, if rep { i } else { i + 1 }, rep, cur, out)?;
        cur.pop();
    }
    Ok(())
}

fn perms(
    pool: &[Value],
    r: usize,
    used: &mut Vec<bool>,
    cur: &mut Vec<Value>,
    out: &mut Vec<Value>,
) -> PyResult<()> {
    if cur.len() == r {
        check_size(out.len() + 1)?;
        out.push(Value::tuple(cur.clone()));
        return Ok(());
    }
    for i in 0..pool.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        cur.push(pool[i].clone());
        perms(pool, r, used, cur, out)?;
        cur.pop();
        used[i] = false;
    }
    Ok(())
}

/// `itertools.chain`: callable, with `chain.from_iterable`.
struct Chain;

fn chained(iterables: &[Value]) -> PyResult {
    let mut out = Vec::new();
    for x in iterables {
        out.extend(ops::iterate(x)?);
        check_size(out.len())?;
    }
    it("itertools.chain", out)
}

impl Object for Chain {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'itertools.chain'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        if !kwargs.is_empty() {
            return Err(Exc::type_error("chain() takes no keyword arguments"));
        }
        chained(&args)
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "from_iterable" => Ok(SigFn::value("from_iterable", "(iterable, /)", |b| {
                chained(&ops::iterate(&b.get("iterable"))?)
            })),
            _ => Err(Exc::attr_error(format!(
                "type object 'itertools.chain' has no attribute '{name}'"
            ))),
        }
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        let f = self.get_attr(this, name)?;
        call_value(&f, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["from_iterable"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `count()`, `cycle(...)`, `repeat(x)`: iterators without an end.
enum Endless {
    Count(Value, Value),
    Cycle(Vec<Value>),
    Repeat(Value),
}

impl Endless {
    fn name(&self) -> &'static str {
        match self {
            Endless::Count(..) => "count",
            Endless::Cycle(_) => "cycle",
            Endless::Repeat(_) => "repeat",
        }
    }

    fn refuse(&self) -> Exc {
        Exc::new(
            ExcKind::MemoryError,
            format!(
                "itertools.{}() never ends, and streamlab's iterators are built whole before use: take a bounded part with itertools.islice(..., n)",
                self.name()
            ),
        )
    }

    /// The first `n` items.
    fn take(&self, n: usize) -> PyResult<Vec<Value>> {
        check_size(n)?;
        Ok(match self {
            Endless::Count(start, step) => {
                let mut out = Vec::with_capacity(n);
                let mut v = start.clone();
                for _ in 0..n {
                    out.push(v.clone());
                    v = ops::binary(BinOp::Add, &v, step)?;
                }
                out
            }
            Endless::Cycle(items) if items.is_empty() => Vec::new(),
            Endless::Cycle(items) => items.iter().cycle().take(n).cloned().collect(),
            Endless::Repeat(x) => vec![x.clone(); n],
        })
    }
}

impl Object for Endless {
    fn type_name(&self) -> &str {
        self.name()
    }
    fn repr(&self) -> String {
        match self {
            Endless::Count(s, Value::Int(1)) => format!("count({})", s.repr()),
            Endless::Count(s, st) => format!("count({}, {})", s.repr(), st.repr()),
            Endless::Repeat(x) => format!("repeat({})", x.repr()),
            Endless::Cycle(_) => format!("<itertools.cycle object at {FAKE_ADDRESS}>"),
        }
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        Err(Exc::attr_error(format!(
            "'itertools.{}' object has no attribute '{name}'",
            self.name()
        )))
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(Err(self.refuse()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
