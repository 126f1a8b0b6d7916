/**
 * Where a reading's asset identity travels from the plant to Silver. The hot dataflow copies its
 * source MQTT topic (`<site>/<line>/<asset>`) into the document under `ASSET_TOPIC_FIELD`:
 * `$metadata.topic` "works for both MQTT and Kafka"
 * (https://learn.microsoft.com/azure/iot-operations/connect-to-cloud/concept-dataflow-mapping). The
 * Kafka key alone is not enough: Event Hubs does not promote a Kafka message key to the partition key
 * (https://learn.microsoft.com/azure/developer/java/sdk/troubleshooting-messaging-event-hubs-producer),
 * so AMQP readers see it as `x-opt-kafka-key` at best, and an ADX data connection embeds only a closed
 * set of system properties (https://learn.microsoft.com/azure/data-explorer/ingest-data-event-hub-overview).
 * `bronze_to_silver()` (kql/2-silver.kql) reads the field, then `x-opt-partition-key`, then `x-opt-kafka-key`.
 */

/** The document field the hot dataflow writes the source topic to. */
export const ASSET_TOPIC_FIELD = "x-aio-topic";

/** The dataflow map rule that writes it. */
export const ASSET_TOPIC_MAP: { readonly inputs: string[]; readonly output: string } = { inputs: ["$metadata.topic"], output: ASSET_TOPIC_FIELD };

/** Where Silver looks for the asset, in order. */
export const ASSET_KEY_FIELDS = [ASSET_TOPIC_FIELD, "x-opt-partition-key", "x-opt-kafka-key"] as const;
