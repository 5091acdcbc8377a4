package io.jthanos.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.jthanos.proto.infopb.InfoResponse;
import io.jthanos.proto.infopb.RulesInfo;
import io.jthanos.proto.rulespb.Alert;
import io.jthanos.proto.rulespb.AlertInstance;
import io.jthanos.proto.rulespb.AlertState;
import io.jthanos.proto.rulespb.RecordingRule;
import io.jthanos.proto.rulespb.Rule;
import io.jthanos.proto.rulespb.RuleGroup;
import io.jthanos.proto.rulespb.RulesGrpc;
import io.jthanos.proto.rulespb.RulesRequest;
import io.jthanos.proto.rulespb.RulesResponse;
import io.jthanos.proto.storepb.PartialResponseStrategy;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Rules API uses Thanos's names and field numbers (pkg/rules/rulespb/rpc.proto). */
class RulesWireTest {

  @Test
  void serviceAndMessageNamesMatchThanos() {
    assertThat(RulesGrpc.getRulesMethod().getFullMethodName()).isEqualTo("thanos.Rules/Rules");
    assertThat(RuleGroup.getDescriptor().getFullName()).isEqualTo("thanos.RuleGroup");
    assertThat(AlertState.FIRING.getNumber()).isEqualTo(2);
    assertThat(RulesRequest.Type.RECORD.getNumber()).isEqualTo(2);
  }

  @Test
  void fieldNumbersMatchThanos() {
    assertThat(fieldNumbers(RulesRequest.getDescriptor())).isEqualTo(Map.of("type", 1, "partial_response_strategy", 2,
        "matcher_string", 3, "rule_name", 4, "rule_group", 5, "file", 6));
    assertThat(fieldNumbers(RulesResponse.getDescriptor())).isEqualTo(Map.of("group", 1, "warning", 2));
    assertThat(fieldNumbers(RuleGroup.getDescriptor())).isEqualTo(Map.of("name", 1, "file", 2, "rules", 3, "interval", 4,
        "evaluation_duration_seconds", 5, "last_evaluation", 6, "limit", 9, "PartialResponseStrategy", 8));
    assertThat(fieldNumbers(Rule.getDescriptor())).isEqualTo(Map.of("recording", 1, "alert", 2));
    assertThat(fieldNumbers(AlertInstance.getDescriptor())).isEqualTo(Map.of("labels", 1, "annotations", 2, "state", 3,
        "active_at", 4, "value", 5, "PartialResponseStrategy", 6));
    Map<String, Integer> alert = new LinkedHashMap<>(Map.of("state", 1, "name", 2, "query", 3, "duration_seconds", 4,
        "labels", 5, "annotations", 6, "alerts", 7, "health", 8, "last_error", 9, "evaluation_duration_seconds", 10));
    alert.put("last_evaluation", 11);
    alert.put("keep_firing_for_seconds", 12);
    assertThat(fieldNumbers(Alert.getDescriptor())).isEqualTo(alert);
    assertThat(fieldNumbers(RecordingRule.getDescriptor())).isEqualTo(Map.of("name", 1, "query", 2, "labels", 3,
        "health", 4, "last_error", 5, "evaluation_duration_seconds", 6, "last_evaluation", 7));
  }

  @Test
  void groupBytesAsThanosWritesThem() {
    // limit(9, varint)=3, PartialResponseStrategy(8, varint)=ABORT(1)
    RuleGroup g = RuleGroup.newBuilder().setLimit(3).setPartialResponseStrategy(PartialResponseStrategy.ABORT).build();
    assertThat(HexFormat.of().formatHex(g.toByteArray())).isEqualTo("40014803");
    // An empty RulesInfo (field 4) announces the Rules API.
    InfoResponse info = InfoResponse.newBuilder().setRules(RulesInfo.getDefaultInstance()).build();
    assertThat(HexFormat.of().formatHex(info.toByteArray())).isEqualTo("2200");
  }

  private static Map<String, Integer> fieldNumbers(Descriptor descriptor) {
    Map<String, Integer> numbers = new LinkedHashMap<>();
    for (FieldDescriptor field : descriptor.getFields()) {
      numbers.put(field.getName(), field.getNumber());
    }
    return numbers;
  }
}
