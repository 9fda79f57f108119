using KalshiPortfolio.Core.Kalshi.Errors;
using KalshiPortfolio.Tests.TestSupport;

namespace KalshiPortfolio.Tests.Kalshi;

[Trait("Category", "Unit")]
public sealed class KalshiErrorParserTests
{
    [Fact]
    public void Nested_shape_keeps_code_message_details_and_service()
    {
        KalshiErrorParser.TryParse("""{"error":{"code":"authentication_error","message":"authentication_error","details":"INCORRECT_API_KEY_SIGNATURE","service":"exchange"}}""")
            .Should().Be(new KalshiError("authentication_error", "authentication_error", "INCORRECT_API_KEY_SIGNATURE", "exchange"));
    }

    [Fact]
    public void Flat_shape_is_read_from_the_recorded_capture()
    {
        KalshiErrorParser.TryParse(KalshiCaptures.Body("orders__numeric_field_types"))
            .Should().Be(new KalshiError("bad_request", "bad request", "json: cannot unmarshal number into Go struct field CreateOrderV2Request.count of type string"));
    }

    [Fact]
    public void Bare_msg_shape_is_read_from_the_recorded_capture()
    {
        var error = KalshiErrorParser.TryParse(KalshiCaptures.Body("markets__limit_over_max"))!;

        error.Code.Should().BeNull();
        error.Message.Should().StartWith("Parameter validation failed for GetMarkets");
    }

    [Fact]
    public void Rate_limit_plain_string_shape_is_a_message()
    {
        KalshiErrorParser.TryParse("""{"error":"too many requests"}""").Should().Be(new KalshiError(null, "too many requests"));
    }

    [Theory]
    [InlineData("auth__bad_signature", "authentication_error", "INCORRECT_API_KEY_SIGNATURE")]
    [InlineData("auth__unknown_key_id", "authentication_error", "NOT_FOUND")]
    [InlineData("auth__skew_minus30s", "header_timestamp_expired", null)]
    [InlineData("auth__missing_signature_header", "signature_is_missing_from_headers", null)]
    [InlineData("orders__post_only_cross", "invalid_order", "post only cross")]
    [InlineData("orders__insufficient_balance", "insufficient_balance", null)]
    [InlineData("orders__duplicate_client_order_id", "order_already_exists", null)]
    public void Every_recorded_nested_error_is_read(string capture, string code, string? details)
    {
        var error = KalshiErrorParser.TryParse(KalshiCaptures.Body(capture))!;

        (error.Code, error.Details).Should().Be((code, details));
        error.Message.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("[1,2]")]
    [InlineData("\"oops\"")]
    [InlineData("{\"unrelated\":true}")]
    public void Anything_else_is_no_error(string body)
    {
        KalshiErrorParser.TryParse(body).Should().BeNull();
    }

    [Fact]
    public void Dynamic_codes_match_by_prefix_and_the_text_form_is_compact()
    {
        var error = new KalshiError("user_not_found:_8d1c", "user not found", "x");

        error.CodeStartsWith("user_not_found").Should().BeTrue();
        error.CodeStartsWith("not_found").Should().BeFalse();
        error.ToString().Should().Be("user_not_found:_8d1c: user not found (x)");
        new KalshiError("authentication_error", "authentication_error", "NOT_FOUND").ToString().Should().Be("authentication_error (NOT_FOUND)");
        new KalshiError(null, "too many requests").ToString().Should().Be("too many requests");
    }
}
