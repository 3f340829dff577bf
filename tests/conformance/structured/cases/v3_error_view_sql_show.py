from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("SqlStreamShow").getOrCreate()

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
lines.createOrReplaceTempView("lines")
spark.sql("select value from lines where value like 'a%'").show()
