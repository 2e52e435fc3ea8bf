package com.manage2soar.aliassync.api;

import static com.manage2soar.aliassync.api.ApiFixtures.CURRENT_SHAPE;
import static com.manage2soar.aliassync.api.ApiFixtures.OBJECT_SHAPE;
import static com.manage2soar.aliassync.api.ApiFixtures.bytes;
import static com.manage2soar.aliassync.api.ApiFixtures.text;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.manage2soar.aliassync.model.ApiLists;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiResponseParserTest {
    private static ApiLists parse(String json) throws Exception {
        return parse(json.getBytes(UTF_8));
    }

    private static ApiLists parse(byte[] json) throws Exception {
        return ApiResponseParser.parse(new ByteArrayInputStream(json));
    }

    /** Parses a response that must be refused and returns the reason. */
    private static String invalid(String json) {
        return assertThrows(InvalidResponseException.class, () -> parse(json),
                () -> "expected the response to be refused: " + abbreviate(json)).getMessage();
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    // ---- what is accepted ---------------------------------------------------------------------

    @Test
    void theCurrentShapeIsReadCompletely() throws Exception {
        ApiLists lists = parse(bytes(CURRENT_SHAPE));

        assertEquals(Set.of("members", "instructors", "towpilots", "board", "treasurer"), lists.lists().keySet());
        assertEquals(8, lists.lists().get("members").size());
        assertEquals(List.of("m0x6@mail6.example.net", "m0x7@mail0.example.net"), lists.lists().get("instructors"));
        assertEquals(9, lists.whitelist().size());
        assertTrue(lists.whitelist().contains("guest0@partner.example.com"));
        assertEquals(List.of("treasurer"), lists.bypassLists());
    }

    @Test
    void theOlderObjectShapeGivesTheSameListsAsTheCurrentShape() throws Exception {
        assertEquals(parse(bytes(CURRENT_SHAPE)), parse(bytes(OBJECT_SHAPE)));
    }

    @Test
    void missingWhitelistAndBypassListsAreEmpty() throws Exception {
        ApiLists lists = parse("{\"lists\": {\"members\": [\"a@x.org\"]}}");

        assertEquals(new ApiLists(Map.of("members", List.of("a@x.org")), List.of(), List.of()), lists);
    }

    @Test
    void nullWhitelistAndBypassListsAreEmpty() throws Exception {
        ApiLists lists = parse("{\"lists\": {\"members\": [\"a@x.org\"]}, \"whitelist\": null, \"bypass_lists\": null}");

        assertEquals(new ApiLists(Map.of("members", List.of("a@x.org")), List.of(), List.of()), lists);
    }

    @Test
    void anEmptyListsObjectIsValid() throws Exception {
        assertEquals(new ApiLists(Map.of(), List.of(), List.of()), parse("{\"lists\": {}}"));
    }

    @Test
    void unknownFieldsAreIgnoredWhateverTheirShape() throws Exception {
        ApiLists lists = parse("""
                {"version": "2.1", "generated": {"at": [1, 2, {"tz": null}], "by": true},
                 "lists": {"members": {"description": "all", "count": 1, "extra": [[1]], "emails": ["a@x.org"]}},
                 "whitelist": ["a@x.org"], "stats": [1.5, -2, "x"]}
                """);

        assertEquals(new ApiLists(Map.of("members", List.of("a@x.org")), List.of("a@x.org"), List.of()), lists);
    }

    @Test
    void entriesAreKeptExactlyAsSentForTheValidatorToJudge() throws Exception {
        ApiLists lists = parse("{\"lists\": {\"Ops Team\": [\" A@X.org \", \"not-an-address\", \"\"]}}");

        assertEquals(List.of(" A@X.org ", "not-an-address", ""), lists.lists().get("Ops Team"));
    }

    // ---- what is refused ----------------------------------------------------------------------

    static Stream<Arguments> invalidResponses() {
        return Stream.of(
                Arguments.of("an array", "[]", "the response must be an object, found an array"),
                Arguments.of("a string", "\"x\"", "the response must be an object, found a string"),
                Arguments.of("a number", "42", "the response must be an object, found a number"),
                Arguments.of("null", "null", "the response must be an object, found null"),
                Arguments.of("an empty body", "", "found end of input"),
                Arguments.of("an HTML error page", "<!DOCTYPE html><html><body>Bad Gateway</body></html>",
                        "malformed JSON"),
                Arguments.of("no lists key", "{\"whitelist\": [\"a@x.org\"]}", "no \"lists\" object"),
                Arguments.of("lists an array", "{\"lists\": [\"members\"]}", "\"lists\" must be an object, found an array"),
                Arguments.of("lists null", "{\"lists\": null}", "\"lists\" must be an object, found null"),
                Arguments.of("a list that is a number", "{\"lists\": {\"members\": 5}}",
                        "list \"members\" must be an array, found a number"),
                Arguments.of("a list that is a string", "{\"lists\": {\"members\": \"a@x.org\"}}",
                        "list \"members\" must be an array, found a string"),
                Arguments.of("a numeric email", "{\"lists\": {\"members\": [\"a@x.org\", 5]}}",
                        "an entry of list \"members\" must be a string, found a number"),
                Arguments.of("a null email", "{\"lists\": {\"members\": [null]}}",
                        "an entry of list \"members\" must be a string, found null"),
                Arguments.of("an object email", "{\"lists\": {\"members\": [{\"email\": \"a@x.org\"}]}}",
                        "an entry of list \"members\" must be a string, found an object"),
                Arguments.of("a nested array email", "{\"lists\": {\"members\": [[\"a@x.org\"]]}}",
                        "an entry of list \"members\" must be a string, found an array"),
                Arguments.of("a numeric email in the object shape",
                        "{\"lists\": {\"board\": {\"count\": 1, \"emails\": [7]}}}",
                        "an entry of list \"board\" emails must be a string, found a number"),
                Arguments.of("the object shape without emails", "{\"lists\": {\"board\": {\"count\": 1}}}",
                        "list \"board\" is an object without \"emails\""),
                Arguments.of("a whitelist that is a string", "{\"lists\": {}, \"whitelist\": \"a@x.org\"}",
                        "whitelist must be an array, found a string"),
                Arguments.of("a numeric bypass list", "{\"lists\": {}, \"bypass_lists\": [1]}",
                        "an entry of bypass_lists must be a string, found a number"),
                Arguments.of("a list name appearing twice",
                        "{\"lists\": {\"members\": [\"a@x.org\"], \"board\": [], \"members\": []}}",
                        "list \"members\" appears twice"),
                Arguments.of("a list name appearing twice in both shapes",
                        "{\"lists\": {\"members\": [\"a@x.org\"], \"members\": {\"emails\": []}}}",
                        "list \"members\" appears twice"),
                Arguments.of("\"lists\" appearing twice, the second empty",
                        "{\"lists\": {\"members\": [\"a@x.org\"]}, \"lists\": {}}", "\"lists\" appears twice"),
                Arguments.of("\"whitelist\" appearing twice",
                        "{\"lists\": {}, \"whitelist\": [\"a@x.org\"], \"whitelist\": []}", "\"whitelist\" appears twice"),
                Arguments.of("a truncated response", "{\"lists\": {\"members\": [\"a@x.org\"", "malformed JSON"),
                Arguments.of("trailing garbage", "{\"lists\": {}} x", "malformed JSON"),
                Arguments.of("a second JSON value", "{\"lists\": {}} {\"lists\": {}}", "trailing data"),
                Arguments.of("a stray closing bracket", "{\"lists\": {}}]", "malformed JSON"),
                Arguments.of("10 000 nested arrays in an unknown field",
                        "{\"lists\": {}, \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}", "nesting depth"),
                Arguments.of("100 000 unclosed nested arrays", "{\"lists\": {}, \"x\": " + "[".repeat(100_000),
                        "nesting depth"),
                Arguments.of("10 000 nested objects in an old-shape list",
                        "{\"lists\": {\"m\": {\"description\": " + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)
                                + ", \"emails\": []}}}", "nesting depth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidResponses")
    void anUnusableResponseIsRefusedSayingWhy(String what, String json, String reason) {
        String message = invalid(json);

        assertTrue(message.contains(reason), () -> "expected '" + reason + "' in: " + message);
    }

    /** A response {@code levels} deep: the response object is the first level, arrays in an unknown field the rest. */
    private static String nested(int levels) {
        return "{\"lists\": {}, \"x\": " + "[".repeat(levels - 1) + "]".repeat(levels - 1) + "}";
    }

    @Test
    void jsonNestedSixteenLevelsDeepIsAcceptedAndSeventeenIsRefused() throws Exception {
        assertEquals(new ApiLists(Map.of(), List.of(), List.of()), parse(nested(16)));

        String message = invalid(nested(17));
        assertTrue(message.contains("nesting depth"), message);
    }

    @Test
    void aTypeErrorSaysWhereItIs() {
        String message = invalid("{\n  \"lists\": {\n    \"members\": [\"a@x.org\", false]\n  }\n}");

        assertTrue(message.contains("found a boolean at line 3"), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {CURRENT_SHAPE, OBJECT_SHAPE})
    void everyTruncationOfARealResponseIsRefused(String fixture) throws Exception {
        String json = text(fixture).strip();
        parse(json); // the whole response is fine

        for (int length = 0; length < json.length(); length++) {
            String truncated = json.substring(0, length);
            try {
                parse(truncated);
                fail("a response truncated to " + length + " characters was accepted: " + truncated);
            } catch (InvalidResponseException expected) {
                // a half-read response must never become a shorter list
            }
        }
    }

    @Test
    void trailingWhitespaceIsNotGarbage() throws Exception {
        assertEquals(new ApiLists(Map.of(), List.of(), List.of()), parse("{\"lists\": {}}\n\r\n\t "));
    }
}
