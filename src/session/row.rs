//! `pyspark.sql.Row`: `Row(word="a")` makes a row with named fields (a
//! tuple to Python: it compares, indexes and iterates as one), and
//! `Row("word", "n")` makes a row class whose call fills the fields in order.
//! Rows are what `df.collect()` returns and what `spark.createDataFrame`
//! reads its column names from.

use std::any::Any;
use std::sync::Arc;

use crate::lang::ast::CmpOp;
use crate::lang::value::{Exc, Key, Kwargs, Object, PyResult, Value};

/// A row: values, with field names (none for a row class's own row of names).
pub struct Row {
    pub fields: Option<Vec<Arc<str>>>,
    pub values: Vec<Value>,
}

impl Row {
    /// A row with named fields.
    pub fn value(fields: Vec<Arc<str>>, values: Vec<Value>) -> Value {
        Value::object(Row {
            fields: Some(fields),
            values,
        })
    }

    fn field(&self, name: &str) -> Option<&Value> {
        let i = self.fields.as_ref()?.iter().position(|f| &**f == name)?;
        self.values.get(i)
    }

    fn as_dict(&self, recursive: bool) -> PyResult {
        let mut d = indexmap::IndexMap::new();
        if let Some(fields) = &self.fields {
            for (f, v) in fields.iter().zip(&self.values) {
                let v = match (recursive, v.downcast::<Row>()) {
                    (true, Some(r)) => crate::lang::limits::grow(|| r.as_dict(true))?,
                    _ => v.clone(),
                };
                d.insert(Key::new(Value::Str(f.clone()))?, v);
            }
        }
        Ok(Value::dict(d))
    }
}

/// The class `Row` (`from pyspark.sql import Row`).
pub struct RowClass;

impl Object for RowClass {
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'pyspark.sql.types.Row'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        if !args.is_empty() && !kwargs.is_empty() {
            return Err(Exc::value_error(
                "Can not use both args and kwargs to create Row",
            ));
        }
        if kwargs.is_empty() {
            // `Row("word", "n")`: a row of names, called to make rows.
            return Ok(Value::object(Row {
                fields: None,
                values: args,
            }));
        }
        let (fields, values) = kwargs.into_iter().unzip();
        Ok(Row::value(fields, values))
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        self.get_attr(this, name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for Row {
    fn type_name(&self) -> &str {
        "Row"
    }
    fn repr(&self) -> String {
        // Rows may nest arbitrarily deep (`Row(a=row)` in a loop).
        crate::lang::limits::grow(|| self.repr_here())
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        self.field(name)
            .cloned()
            .ok_or_else(|| Exc::attr_error(name.to_string()))
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        self.call_here(args, kwargs)
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        self.method(this, name, args, kwargs)
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["asDict", "count", "index"]
    }
    fn subscript(&self, _this: &Arc<dyn Object>, index: &Value) -> Option<PyResult> {
        Some(match index {
            Value::Str(s) => self
                .field(s)
                .cloned()
                .ok_or_else(|| Exc::value_error(s.to_string())),
            other => crate::lang::ops::subscript(&Value::tuple(self.values.clone()), other),
        })
    }
    fn compare_op(&self, _this: &Arc<dyn Object>, op: CmpOp, other: &Value) -> Option<PyResult> {
        let other = match other.downcast::<Row>() {
            Some(r) => Value::tuple(r.values.clone()),
            None => other.clone(),
        };
        let me = Value::tuple(self.values.clone());
        Some(crate::lang::limits::grow(|| {
            crate::lang::ops::compare(op, &me, &other).map(Value::Bool)
        }))
    }
    /// As PySpark's Row: `in` looks among the field names of a row that has them.
    fn contains(&self, _this: &Arc<dyn Object>, item: &Value) -> Option<PyResult<bool>> {
        Some(Ok(match &self.fields {
            Some(fields) => {
                matches!(item, Value::Str(s) if fields.iter().any(|f| f == s))
            }
            None => self.values.iter().any(|v| crate::lang::ops::py_eq(v, item)),
        }))
    }
    fn py_len(&self, _this: &Arc<dyn Object>) -> Option<PyResult<usize>> {
        Some(Ok(self.values.len()))
    }
    fn iterate(&self, _this: &Arc<dyn Object>) -> Option<PyResult<Vec<Value>>> {
        Some(Ok(self.values.clone()))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Row {
    fn repr_here(&self) -> String {
        match &self.fields {
            Some(fields) => {
                let parts: Vec<String> = fields
                    .iter()
                    .zip(&self.values)
                    .map(|(f, v)| format!("{f}={}", v.repr()))
                    .collect();
                format!("Row({})", parts.join(", "))
            }
            None => {
                let parts: Vec<String> = self.values.iter().map(|v| v.repr()).collect();
                format!("<Row({})>", parts.join(", "))
            }
        }
    }
    fn call_here(&self, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        if self.fields.is_some() || !kwargs.is_empty() {
            return Err(Exc::type_error("'Row' object is not callable"));
        }
        if args.len() > self.values.len() {
            return Err(Exc::value_error(format!(
                "Can not create Row with fields {}, expected {} values but got {}",
                Value::tuple(self.values.clone()).repr(),
                self.values.len(),
                args.len()
            )));
        }
        let fields = self
            .values
            .iter()
            .map(|v| match v {
                Value::Str(s) => Ok(s.clone()),
                other => Ok(Arc::from(other.to_str().as_str())),
            })
            .collect::<PyResult<Vec<_>>>()?;
        let mut fields = fields;
        fields.truncate(args.len());
        Ok(Row::value(fields, args))
    }
    fn method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "asDict" => {
                let recursive = match (args.first(), kwargs.first()) {
                    (Some(v), _) => v.truthy(),
                    (None, Some((k, v))) if &**k == "recursive" => v.truthy(),
                    _ => false,
                };
                if self.fields.is_none() {
                    return Err(Exc::type_error("Cannot convert a Row class into dict"));
                }
                self.as_dict(recursive)
            }
            "count" | "index" => {
                let t = Value::tuple(self.values.clone());
                crate::lang::methods::call_method(&t, name, args, kwargs)
            }
            _ => {
                let f = self.get_attr(this, name)?;
                crate::lang::compile::call_value(&f, args, kwargs)
            }
        }
    }
}
