//! `rdd.stats()` and the RDD statistics built on it (`mean`, `stdev`,
//! `variance`, ...), computed as PySpark's `StatCounter` computes them:
//! Welford's running mean and squared deviations per partition, partitions
//! merged in order, so results match PySpark to the last bit. (`min` and
//! `max` are Python's; PySpark uses numpy's when numpy is installed, which
//! print as floats.)

use std::any::Any;
use std::sync::Arc;

use super::rdd::Rdd;
use crate::lang::ast::CmpOp;
use crate::lang::ops;
use crate::lang::value::{Exc, Key, Kwargs, Object, PyResult, Value};

/// PySpark's `StatCounter`.
#[derive(Clone)]
pub struct StatCounter {
    n: i64,
    mu: f64,
    m2: f64,
    /// Python's `max`/`min` of the values (ints stay ints), starting at -inf / inf.
    max: Value,
    min: Value,
}

fn number(x: &Value) -> PyResult<f64> {
    match x {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Float(f) => Ok(*f),
        Value::BigInt(b) => Ok(num_traits::ToPrimitive::to_f64(&**b).unwrap_or(f64::NAN)),
        other => Err(Exc::type_error(format!(
            "unsupported operand type(s) for -: '{}' and 'float'",
            other.type_name()
        ))),
    }
}

/// Python's `max(a, b)` (a unless b > a) or `min(a, b)` (a unless b < a).
fn pick(a: &Value, b: &Value, op: CmpOp) -> PyResult<Value> {
    Ok(if ops::compare(op, b, a)? {
        b.clone()
    } else {
        a.clone()
    })
}

impl StatCounter {
    fn new() -> StatCounter {
        StatCounter {
            n: 0,
            mu: 0.0,
            m2: 0.0,
            max: Value::Float(f64::NEG_INFINITY),
            min: Value::Float(f64::INFINITY),
        }
    }

    fn add(&mut self, v: &Value) -> PyResult<()> {
        let x = number(v)?;
        let delta = x - self.mu;
        self.n += 1;
        self.mu += delta / self.n as f64;
        self.m2 += delta * (x - self.mu);
        self.max = pick(&self.max, v, CmpOp::Gt)?;
        self.min = pick(&self.min, v, CmpOp::Lt)?;
        Ok(())
    }

    fn merge(&mut self, other: &StatCounter) -> PyResult<()> {
        if self.n == 0 {
            *self = other.clone();
        } else if other.n != 0 {
            let (n, m) = (self.n as f64, other.n as f64);
            let delta = other.mu - self.mu;
            self.mu = if other.n * 10 < self.n {
                self.mu + (delta * m) / (n + m)
            } else if self.n * 10 < other.n {
                other.mu - (delta * n) / (n + m)
            } else {
                (self.mu * n + other.mu * m) / (n + m)
            };
            self.max = pick(&self.max, &other.max, CmpOp::Gt)?;
            self.min = pick(&self.min, &other.min, CmpOp::Lt)?;
            self.m2 += other.m2 + (delta * delta * n * m) / (n + m);
            self.n += other.n;
        }
        Ok(())
    }

    /// The statistics of an RDD's elements, partition by partition.
    pub fn of(rdd: &Rdd) -> PyResult<StatCounter> {
        // PySpark reduces one counter per partition: none without partitions.
        if rdd.parts.is_empty() {
            return Err(Exc::value_error("Can not reduce() empty RDD"));
        }
        let mut total = StatCounter::new();
        for part in &rdd.parts {
            let mut s = StatCounter::new();
            for v in part {
                s.add(v)?;
            }
            total.merge(&s)?;
        }
        Ok(total)
    }

    pub fn mean(&self) -> f64 {
        self.mu
    }

    pub fn variance(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.m2 / self.n as f64
        }
    }

    pub fn sample_variance(&self) -> f64 {
        if self.n <= 1 {
            f64::NAN
        } else {
            self.m2 / (self.n - 1) as f64
        }
    }

    /// The counter as a program's value.
    pub fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }
}

const METHODS: &[&str] = &[
    "count",
    "mean",
    "sum",
    "min",
    "max",
    "variance",
    "sampleVariance",
    "stdev",
    "sampleStdev",
    "asDict",
];

impl Object for StatCounter {
    fn type_name(&self) -> &str {
        "StatCounter"
    }
    fn repr(&self) -> String {
        format!(
            "(count: {}, mean: {}, stdev: {}, max: {}, min: {})",
            self.n,
            Value::Float(self.mu).to_str(),
            Value::Float(self.variance().sqrt()).to_str(),
            self.max.to_str(),
            self.min.to_str()
        )
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        if !METHODS.contains(&name) {
            let mut msg = format!("'StatCounter' object has no attribute '{name}'");
            if let Some(s) = crate::lang::diag::did_you_mean(name, METHODS.iter().copied()) {
                msg.push_str(&format!(". Did you mean: '{s}'?"));
            }
            return Err(Exc::attr_error(msg));
        }
        if name != "asDict" && (!args.is_empty() || !kwargs.is_empty()) {
            return Err(Exc::type_error(format!(
                "StatCounter.{name}() takes 1 positional argument but {} were given",
                args.len() + 1
            )));
        }
        Ok(match name {
            "count" => Value::Int(self.n),
            "mean" => Value::Float(self.mu),
            "sum" => Value::Float(self.n as f64 * self.mu),
            "min" => self.min.clone(),
            "max" => self.max.clone(),
            "variance" => Value::Float(self.variance()),
            "sampleVariance" => Value::Float(self.sample_variance()),
            "stdev" => Value::Float(self.variance().sqrt()),
            "sampleStdev" => Value::Float(self.sample_variance().sqrt()),
            _ => {
                let sample = args.first().or(kwargs.first().map(|kv| &kv.1));
                let sample = sample.is_some_and(Value::truthy);
                // PySpark's own choice: the sample statistics unless sample=True.
                let (var, stdev) = if sample {
                    (self.variance(), self.variance().sqrt())
                } else {
                    (self.sample_variance(), self.sample_variance().sqrt())
                };
                let mut d = indexmap::IndexMap::new();
                for (k, v) in [
                    ("count", Value::Int(self.n)),
                    ("mean", Value::Float(self.mu)),
                    ("sum", Value::Float(self.n as f64 * self.mu)),
                    ("min", self.min.clone()),
                    ("max", self.max.clone()),
                    ("stdev", Value::Float(stdev)),
                    ("variance", Value::Float(var)),
                ] {
                    d.insert(Key::new(Value::str(k))?, v);
                }
                Value::dict(d)
            }
        })
    }
    fn attr_names(&self) -> Vec<&'static str> {
        METHODS.to_vec()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}
