from pyspark.sql import SparkSession

spark = SparkSession.builder.appName("ForeachNoProcess").getOrCreate()


class Printer:
    def open(self, partition_id, epoch_id):
        return True

    def write(self, row):
        print(row)


lines = spark.readStream.format("socket").option("host", "localhost").option("port", 9999).load()
query = lines.writeStream.foreach(Printer()).start()
query.awaitTermination()
