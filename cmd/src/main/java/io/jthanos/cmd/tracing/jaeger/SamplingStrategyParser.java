package io.jthanos.cmd.tracing.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a Jaeger {@code SamplingStrategyResponse} in proto3 JSON: field names in lowerCamelCase
 * or as in the proto ({@code strategy_type}), {@code strategyType} as an enum name
 * ({@code "PROBABILISTIC"}, {@code "RATE_LIMITING"}) or its number (the older agents' form), and
 * numbers possibly quoted. Absent or null fields take proto defaults (0); unknown fields are
 * ignored.
 */
final class SamplingStrategyParser {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SamplingStrategyParser() {}

  /** @throws IllegalArgumentException if the body is not such a response or carries no strategy */
  static SamplingStrategy parse(byte[] body) {
    JsonNode response;
    try {
      response = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed sampling strategy response: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("unreadable sampling strategy response", e);
    }
    requireObject(response, "sampling strategy response");
    checkStrategyType(field(response, "strategyType", "strategy_type"));

    JsonNode operations = field(response, "operationSampling", "operation_sampling");
    if (operations != null) {
      return perOperation(operations);
    }
    JsonNode probabilistic = field(response, "probabilisticSampling", "probabilistic_sampling");
    if (probabilistic != null) {
      return new SamplingStrategy.Probabilistic(samplingRate(probabilistic));
    }
    JsonNode rateLimiting = field(response, "rateLimitingSampling", "rate_limiting_sampling");
    if (rateLimiting != null) {
      requireObject(rateLimiting, "rateLimitingSampling");
      return new SamplingStrategy.RateLimiting(int32(field(rateLimiting, "maxTracesPerSecond", "max_traces_per_second")));
    }
    throw new IllegalArgumentException("unsupported sampling strategy: " + response);
  }

  private static SamplingStrategy.PerOperation perOperation(JsonNode operations) {
    requireObject(operations, "operationSampling");
    Map<String, Double> rates = new LinkedHashMap<>();
    JsonNode strategies = field(operations, "perOperationStrategies", "per_operation_strategies");
    if (strategies != null) {
      if (!strategies.isArray()) {
        throw new IllegalArgumentException("perOperationStrategies is not an array: " + strategies);
      }
      for (JsonNode strategy : strategies) {
        requireObject(strategy, "operation strategy");
        JsonNode operation = field(strategy, "operation", "operation");
        if (operation != null && !operation.isTextual()) {
          throw new IllegalArgumentException("operation is not a string: " + operation);
        }
        JsonNode probabilistic = field(strategy, "probabilisticSampling", "probabilistic_sampling");
        if (probabilistic == null) {
          throw new IllegalArgumentException("operation strategy without probabilisticSampling: " + strategy);
        }
        rates.put(operation == null ? "" : operation.textValue(), samplingRate(probabilistic));
      }
    }
    return new SamplingStrategy.PerOperation(
        float64(field(operations, "defaultSamplingProbability", "default_sampling_probability")),
        float64(field(operations, "defaultLowerBoundTracesPerSecond", "default_lower_bound_traces_per_second")),
        rates);
  }

  private static double samplingRate(JsonNode probabilistic) {
    requireObject(probabilistic, "probabilisticSampling");
    return float64(field(probabilistic, "samplingRate", "sampling_rate"));
  }

  private static void checkStrategyType(JsonNode type) {
    if (type == null || type.isIntegralNumber() && type.canConvertToInt()) {
      return;
    }
    if (type.isTextual() && (type.textValue().equals("PROBABILISTIC") || type.textValue().equals("RATE_LIMITING"))) {
      return;
    }
    throw new IllegalArgumentException("unknown strategyType: " + type);
  }

  private static JsonNode field(JsonNode object, String jsonName, String protoName) {
    JsonNode value = object.has(jsonName) ? object.get(jsonName) : object.get(protoName);
    return value == null || value.isNull() ? null : value;
  }

  private static void requireObject(JsonNode node, String what) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " is not a JSON object: " + node);
    }
  }

  private static double float64(JsonNode value) {
    if (value == null) {
      return 0;
    }
    if (value.isNumber()) {
      return value.doubleValue();
    }
    if (value.isTextual()) {
      try {
        return Double.parseDouble(value.textValue());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a number: " + value, e);
      }
    }
    throw new IllegalArgumentException("not a number: " + value);
  }

  private static int int32(JsonNode value) {
    if (value == null) {
      return 0;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    if (value.isTextual()) {
      try {
        return Integer.parseInt(value.textValue());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a 32-bit integer: " + value, e);
      }
    }
    throw new IllegalArgumentException("not a 32-bit integer: " + value);
  }
}
