package io.jthanos.objstore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvExpanderTest {
    private final EnvExpander env = EnvExpander.of(Map.of("KEY", "s3cr$t\\1", "HOST", "minio:9000"));

    @Test
    void expandsBothSyntaxes() {
        assertThat(env.expand("a: ${KEY}\nb: $(HOST)/x ${HOST}", "f.yml")).isEqualTo("a: s3cr$t\\1\nb: minio:9000/x minio:9000");
    }

    @Test
    void leavesOtherDollarsAlone() {
        assertThat(env.expand("p: $KEY $ {KEY} $$", "f.yml")).isEqualTo("p: $KEY $ {KEY} $$");
    }

    @Test
    void unsetVariableIsAnErrorNamingIt() {
        assertThatThrownBy(() -> env.expand("secret_key: $(S3_SECRET)", "/etc/objstore.yml"))
                .isInstanceOf(ObjstoreConfigException.class)
                .hasMessage("/etc/objstore.yml: environment variable S3_SECRET is not set (referenced as $(S3_SECRET))");
    }
}
