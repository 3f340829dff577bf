from pyspark.sql import SparkSession
from pyspark.sql.functions import col, datediff, date_add, dayofweek, to_date, year
from pyspark.sql.types import DateType, StringType, StructType, TimestampType

spark = SparkSession.builder.master("local[2]").appName("StaticDates").getOrCreate()
schema = StructType().add("name", StringType()).add("d", DateType()).add("t", TimestampType())
days = spark.read.schema(schema).csv("tests/conformance/structured/data/s2_dates")
days.printSchema()
days.show()
days.select("name", year("d"), dayofweek("d"), date_add("d", 30).alias("later"),
            datediff(to_date("t"), col("d")).alias("gap"), col("d").cast("string").alias("s")).show()
days.where(col("d") >= "2024-01-01").show()
days.na.drop(subset=["d"]).fillna("?").show()
days.fillna({"name": "none", "d": "2000-01-01"}).show()
print(days.dropna().count(), days.dropna(how="all").count(), days.dtypes)
more = spark.read.schema("name STRING, d DATE").json("tests/conformance/structured/data/s2_dates_json")
more.printSchema()
more.replace("eve", "EVE").show()
more.selectExpr("name", "d", "date_sub(d, 1) AS before", "d = DATE'2024-03-01' AS first").show()
