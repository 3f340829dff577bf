# rows: ordered
from pyspark.sql import SparkSession
from pyspark.sql.functions import col, explode, split

spark = SparkSession.builder.appName("OrderedNumbers").getOrCreate()
spark.conf.set("spark.sql.shuffle.partitions", 5)

lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
nums = lines.select(explode(split(lines.value, " ")).alias("n"))
typed = nums.select(col("n").cast("int").alias("i"), col("n").cast("long").alias("l"))
counts = typed.groupBy("i", "l").count()

query = counts.writeStream.outputMode("update").format("console").option("numRows", 200).start()
query.awaitTermination()
