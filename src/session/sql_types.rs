//! `pyspark.sql.types`: the data types a schema is written with
//! (`StringType()`, `IntegerType()`, ...), `StructField` and `StructType`,
//! for `readStream.schema(...)` and `spark.read.schema(...)`. The types are
//! those a streamlab column can hold; the others Spark has are named in a
//! message when a program uses them.

use std::any::Any;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::lang::value::{Exc, Kwargs, Object, PyResult, Value};
use crate::structured::cell::DataType;

/// The type classes streamlab offers, with the column type each stands for.
pub const TYPE_CLASSES: &[(&str, DataType)] = &[
    ("StringType", DataType::String),
    ("IntegerType", DataType::Int),
    ("LongType", DataType::Long),
    ("DoubleType", DataType::Double),
    ("BooleanType", DataType::Boolean),
    ("TimestampType", DataType::Timestamp),
    ("DateType", DataType::Date),
];

/// Types of `pyspark.sql.types` that streamlab's columns cannot hold.
pub const UNSUPPORTED_TYPES: &[&str] = &[
    "FloatType",
    "ShortType",
    "ByteType",
    "DecimalType",
    "BinaryType",
    "ArrayType",
    "MapType",
    "TimestampNTZType",
];

/// The names `from pyspark.sql.types import ...` accepts.
pub fn type_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = TYPE_CLASSES.iter().map(|t| t.0).collect();
    names.extend(UNSUPPORTED_TYPES);
    names.extend(["StructType", "StructField", "Row"]);
    names
}

/// The value `name` names in `pyspark.sql.types` (not `Row`).
pub fn type_value(name: &str) -> Option<Value> {
    if let Some((n, t)) = TYPE_CLASSES.iter().find(|t| t.0 == name) {
        return Some(Value::object(TypeClass {
            name: n,
            kind: Some(*t),
        }));
    }
    if let Some(n) = UNSUPPORTED_TYPES.iter().find(|n| **n == name) {
        return Some(Value::object(TypeClass {
            name: n,
            kind: None,
        }));
    }
    match name {
        "StructType" => Some(Value::object(StructTypeClass)),
        "StructField" => Some(Value::object(StructFieldClass)),
        _ => None,
    }
}

fn unsupported(name: &str) -> Exc {
    Exc::type_error(format!(
        "{name} is not part of streamlab's subset: columns hold {}",
        TYPE_CLASSES
            .iter()
            .map(|t| t.0)
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// A type class (`StringType`); calling it gives the type.
struct TypeClass {
    name: &'static str,
    kind: Option<DataType>,
}

impl Object for TypeClass {
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        no_method(self.type_name(), name)
    }
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        format!("<class 'pyspark.sql.types.{}'>", self.name)
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let Some(kind) = self.kind else {
            return Err(unsupported(self.name));
        };
        if !args.is_empty() || !kwargs.is_empty() {
            return Err(Exc::type_error(format!(
                "{}() takes no arguments",
                self.name
            )));
        }
        Ok(Value::object(SqlType {
            name: self.name,
            kind,
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A data type: `StringType()`.
pub struct SqlType {
    name: &'static str,
    pub kind: DataType,
}

impl Object for SqlType {
    fn type_name(&self) -> &str {
        self.name
    }
    fn repr(&self) -> String {
        format!("{}()", self.name)
    }
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "simpleString" => Ok(Value::str(self.kind.sql_name())),
            "typeName" => Ok(Value::str(self.kind.type_name())),
            _ => Err(Exc::attr_error(format!(
                "'{}' object has no attribute '{name}'",
                self.name
            ))),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["simpleString", "typeName"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The column type a schema argument names: a type object or a DDL name.
fn data_type_of(v: &Value, what: &str) -> PyResult<DataType> {
    if let Some(t) = v.downcast::<SqlType>() {
        return Ok(t.kind);
    }
    if let Value::Str(s) = v {
        return DataType::parse(s).ok_or_else(|| {
            Exc::type_error(format!(
                "{what}: streamlab's columns are of type string, int, bigint, double, boolean or timestamp, not {s:?}"
            ))
        });
    }
    Err(Exc::type_error(format!(
        "{what} takes a data type such as StringType(), not {}",
        v.type_name()
    )))
}

fn field_args(what: &str, args: &[Value], kwargs: &Kwargs) -> PyResult<(String, DataType)> {
    let arg = |i: usize, key: &str| {
        args.get(i).cloned().or_else(|| {
            kwargs
                .iter()
                .find(|(k, _)| &**k == key)
                .map(|(_, v)| v.clone())
        })
    };
    let name = match arg(0, "name") {
        Some(Value::Str(s)) => s.to_string(),
        _ => {
            return Err(Exc::type_error(format!(
                "{what} takes the field's name (a str) first"
            )))
        }
    };
    let Some(t) = arg(1, "dataType") else {
        return Err(Exc::type_error(format!(
            "{what} takes the field's name and its type, e.g. StructField(\"word\", StringType())"
        )));
    };
    Ok((name, data_type_of(&t, what)?))
}

struct StructFieldClass;

impl Object for StructFieldClass {
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        no_method(self.type_name(), name)
    }
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'pyspark.sql.types.StructField'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let (name, kind) = field_args("StructField()", &args, &kwargs)?;
        Ok(Value::object(StructField { name, kind }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `StructField(name, type, nullable=True)`.
pub struct StructField {
    pub name: String,
    pub kind: DataType,
}

impl Object for StructField {
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        no_method(self.type_name(), name)
    }
    fn type_name(&self) -> &str {
        "StructField"
    }
    fn repr(&self) -> String {
        format!(
            "StructField('{}', {}(), True)",
            self.name,
            type_class_name(self.kind)
        )
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "name" => Ok(Value::str(&self.name)),
            "nullable" => Ok(Value::Bool(true)),
            _ => Err(Exc::attr_error(format!(
                "'StructField' object has no attribute '{name}'"
            ))),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A method call on an object that has none.
fn no_method(type_name: &str, name: &str) -> PyResult {
    Err(Exc::attr_error(format!(
        "'{type_name}' object has no attribute '{name}'"
    )))
}

fn type_class_name(t: DataType) -> &'static str {
    TYPE_CLASSES
        .iter()
        .find(|c| c.1 == t)
        .map_or("NullType", |c| c.0)
}

struct StructTypeClass;

impl Object for StructTypeClass {
    fn call_method(
        &self,
        _this: &Arc<dyn Object>,
        name: &str,
        _args: Vec<Value>,
        _kwargs: Kwargs,
    ) -> PyResult {
        no_method(self.type_name(), name)
    }
    fn type_name(&self) -> &str {
        "type"
    }
    fn repr(&self) -> String {
        "<class 'pyspark.sql.types.StructType'>".into()
    }
    fn call(&self, _this: &Arc<dyn Object>, args: Vec<Value>, kwargs: Kwargs) -> PyResult {
        let fields = match args.first().or(kwargs.first().map(|k| &k.1)) {
            None | Some(Value::None) => Vec::new(),
            Some(v) => crate::lang::ops::iterate(v)
                .map_err(|_| Exc::type_error("StructType() takes a list of StructField"))?
                .iter()
                .map(|f| {
                    f.downcast::<StructField>()
                        .map(|f| (f.name.clone(), f.kind))
                        .ok_or_else(|| {
                            Exc::type_error(format!(
                                "StructType() takes a list of StructField, not one holding {}",
                                f.type_name()
                            ))
                        })
                })
                .collect::<PyResult<Vec<_>>>()?,
        };
        Ok(Value::object(StructType {
            fields: Mutex::new(fields),
        }))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `StructType([...])`, grown with `add(name, type)`.
pub struct StructType {
    fields: Mutex<Vec<(String, DataType)>>,
}

impl StructType {
    /// The schema it describes.
    pub fn schema(&self) -> Vec<(String, DataType)> {
        self.fields.lock().clone()
    }
}

impl Object for StructType {
    fn type_name(&self) -> &str {
        "StructType"
    }
    fn repr(&self) -> String {
        let fields: Vec<String> = self
            .fields
            .lock()
            .iter()
            .map(|(n, t)| format!("StructField('{n}', {}(), True)", type_class_name(*t)))
            .collect();
        format!("StructType([{}])", fields.join(", "))
    }
    fn call_method(
        &self,
        this: &Arc<dyn Object>,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> PyResult {
        match name {
            "add" => {
                let (n, t) = match args.first().and_then(|a| a.downcast::<StructField>()) {
                    Some(f) => (f.name.clone(), f.kind),
                    None => field_args("StructType.add()", &args, &kwargs)?,
                };
                self.fields.lock().push((n, t));
                Ok(Value::Object(this.clone()))
            }
            "fieldNames" => Ok(Value::list(
                self.fields
                    .lock()
                    .iter()
                    .map(|f| Value::str(&f.0))
                    .collect(),
            )),
            "simpleString" => Ok(Value::str(&format!(
                "struct<{}>",
                self.fields
                    .lock()
                    .iter()
                    .map(|(n, t)| format!("{n}:{}", t.sql_name()))
                    .collect::<Vec<_>>()
                    .join(",")
            ))),
            _ => Err(Exc::attr_error(format!(
                "'StructType' object has no attribute '{name}'"
            ))),
        }
    }
    fn get_attr(&self, _this: &Arc<dyn Object>, name: &str) -> PyResult {
        match name {
            "fields" => Ok(Value::list(
                self.fields
                    .lock()
                    .iter()
                    .map(|(n, t)| {
                        Value::object(StructField {
                            name: n.clone(),
                            kind: *t,
                        })
                    })
                    .collect(),
            )),
            "names" => Ok(Value::list(
                self.fields
                    .lock()
                    .iter()
                    .map(|f| Value::str(&f.0))
                    .collect(),
            )),
            _ => Err(Exc::attr_error(format!(
                "'StructType' object has no attribute '{name}'"
            ))),
        }
    }
    fn attr_names(&self) -> Vec<&'static str> {
        vec!["add", "fieldNames", "simpleString", "fields", "names"]
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A schema given to `schema(...)`: a StructType or a DDL string
/// (`"name STRING, age INT"`).
pub fn schema_arg(v: &Value) -> PyResult<Vec<(String, DataType)>> {
    if let Some(st) = v.downcast::<StructType>() {
        return Ok(st.schema());
    }
    if let Value::Str(ddl) = v {
        return ddl
            .split(',')
            .filter(|p| !p.trim().is_empty())
            .map(|part| {
                let mut it = part.split_whitespace();
                let (Some(name), Some(t), None) = (it.next(), it.next(), it.next()) else {
                    return Err(Exc::type_error(format!(
                        "schema: each column of a DDL string is `name type`, not {:?}",
                        part.trim()
                    )));
                };
                Ok((
                    name.trim_matches('`').to_string(),
                    data_type_of(&Value::str(t), "schema")?,
                ))
            })
            .collect();
    }
    Err(Exc::type_error(format!(
        "schema() takes a StructType or a DDL string such as \"name STRING, age INT\", not {}",
        v.type_name()
    )))
}
