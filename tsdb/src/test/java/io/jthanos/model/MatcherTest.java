package io.jthanos.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MatcherTest {
    @Test
    void equalityMatchersTreatAbsenceAsEmpty() {
        assertThat(Matcher.equal("a", "").matches("")).isTrue();
        assertThat(Matcher.equal("a", "x").matches("x")).isTrue();
        assertThat(Matcher.notEqual("a", "x").matches("y")).isTrue();
        assertThat(Matcher.notEqual("a", "x").matches("x")).isFalse();
    }

    @Test
    void regexIsFullyAnchoredAndDotMatchesNewline() {
        Matcher m = Matcher.regex("a", "fo+");
        assertThat(m.matches("foo")).isTrue();
        assertThat(m.matches("xfoo")).isFalse();
        assertThat(m.matches("foox")).isFalse();
        assertThat(Matcher.regex("a", "a.b").matches("a\nb")).isTrue();
        assertThat(Matcher.notRegex("a", "fo+").matches("bar")).isTrue();
    }

    @Test
    void fastPathsAgreeWithTheRegexEngine() {
        String[] regexes = {".*", ".+", "foo", "foo.*", "a|bb|", "", "a|b.*", "(?i)FOO", "fo[o]", "x.*y"};
        String[] inputs = {"", "foo", "FOO", "fooz", "a", "bb", "b", "bz", "xy", "x\ny", "xfoo"};
        for (String re : regexes) {
            Pattern p = Pattern.compile("(?s:" + re + ")");
            Matcher m = Matcher.regex("l", re);
            for (String in : inputs) {
                assertThat(m.matches(in)).as("%s =~ %s", in, re).isEqualTo(p.matcher(in).matches());
            }
        }
        assertThat(Matcher.regex("l", "a|bb").setMatches()).isEqualTo(Set.of("a", "bb"));
        assertThat(Matcher.regex("l", "foo.*").literalPrefix()).isEqualTo("foo");
        assertThat(Matcher.regex("l", "fo+").setMatches()).isNull();
    }

    @Test
    void randomizedAgainstRe2() {
        Random rnd = new Random(7);
        String alphabet = "ab.*|+";
        for (int i = 0; i < 3000; i++) {
            String re = randomString(rnd, alphabet, 5);
            Pattern p;
            try {
                p = Pattern.compile("(?s:" + re + ")");
            } catch (RuntimeException e) {
                assertThatThrownBy(() -> Matcher.regex("l", re)).hasMessageStartingWith("error parsing regexp:");
                continue;
            }
            Matcher m = Matcher.regex("l", re);
            for (int j = 0; j < 5; j++) {
                String in = randomString(rnd, "ab", 4);
                assertThat(m.matches(in)).as("%s =~ %s", in, re).isEqualTo(p.matcher(in).matches());
            }
        }
    }

    @Test
    void badRegexIsAClearError() {
        assertThatThrownBy(() -> Matcher.regex("a", "(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("error parsing regexp:");
    }

    @Test
    void printsLikePromQL() {
        assertThat(Matcher.regex("job", "a\"b").toString()).isEqualTo("job=~\"a\\\"b\"");
        assertThat(Matcher.equal("a.b", "c").toString()).isEqualTo("\"a.b\"=\"c\"");
    }

    private static String randomString(Random rnd, String alphabet, int maxLen) {
        int n = rnd.nextInt(maxLen + 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
