package io.jthanos.cmd.tracing.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamplingStrategyParserTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5}}",
      "{\"strategyType\":0,\"probabilisticSampling\":{\"samplingRate\":0.5}}",
      "{\"strategy_type\":\"PROBABILISTIC\",\"probabilistic_sampling\":{\"sampling_rate\":\"0.5\"}}",
      "{\"probabilisticSampling\":{\"samplingRate\":0.5},\"rateLimitingSampling\":null}"})
  void probabilistic(String json) {
    assertThat(parse(json)).isEqualTo(new SamplingStrategy.Probabilistic(0.5));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}",
      "{\"strategyType\":1,\"rateLimitingSampling\":{\"maxTracesPerSecond\":7}}",
      "{\"rate_limiting_sampling\":{\"max_traces_per_second\":\"7\"}}"})
  void rateLimiting(String json) {
    assertThat(parse(json)).isEqualTo(new SamplingStrategy.RateLimiting(7));
  }

  @Test
  void perOperationWinsOverTheOtherPartsAndTheStrategyType() {
    SamplingStrategy strategy = parse("""
        {"strategyType":"RATE_LIMITING","rateLimitingSampling":{"maxTracesPerSecond":7},
         "probabilisticSampling":{"samplingRate":0.5},
         "operationSampling":{"defaultSamplingProbability":0.1,"defaultLowerBoundTracesPerSecond":0.2,
           "defaultUpperBoundTracesPerSecond":9,
           "perOperationStrategies":[
             {"operation":"a","probabilisticSampling":{"samplingRate":0.3}},
             {"operation":"b","probabilisticSampling":{}}]}}
        """);

    assertThat(strategy).isEqualTo(new SamplingStrategy.PerOperation(0.1, 0.2, Map.of("a", 0.3, "b", 0.0)));
  }

  @Test
  void probabilisticWinsOverRateLimiting() {
    assertThat(parse("{\"rateLimitingSampling\":{\"maxTracesPerSecond\":7},\"probabilisticSampling\":{}}"))
        .isEqualTo(new SamplingStrategy.Probabilistic(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json", "[]", "{}", "{\"strategyType\":\"PROBABILISTIC\"}",
      "{\"strategyType\":\"ADAPTIVE\",\"probabilisticSampling\":{\"samplingRate\":0.5}}",
      "{\"probabilisticSampling\":{\"samplingRate\":\"half\"}}",
      "{\"rateLimitingSampling\":{\"maxTracesPerSecond\":2.5}}",
      "{\"operationSampling\":{\"perOperationStrategies\":[{\"operation\":\"a\"}]}}"})
  void rejectsWhatJaegerremoteCannotUse(String json) {
    assertThatThrownBy(() -> parse(json)).isInstanceOf(IllegalArgumentException.class);
  }

  private static SamplingStrategy parse(String json) {
    return SamplingStrategyParser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
