using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>
/// Decides whether an S3 client sends over plain HTTP, following it back to the <c>new</c> that built it and
/// that <c>new</c> to its configuration. <c>UseHttp</c> and <c>ServiceURL</c> are independent in the SDK: an
/// <c>http://</c> service URL sends over HTTP with <c>UseHttp</c> false, and a service URL, when set, decides the
/// scheme on its own. A client handed in from outside (parameter, DI) is unknown.
/// </summary>
internal static class TransportResolver
{
    private const int MaxDepth = 4;
    private const string HttpScheme = "http://";
    private const string DefaultHttpPort = "80";
    private const string HttpsScheme = "https://";

    public static PlainHttpSetting EvaluateClient(IOperation? client, S3Model model)
        => EvaluateClient(client, model, 0);

    /// <summary>
    /// Evaluates the client field or property that an instance wrapper sends through, by every write its type
    /// makes to it; unknown unless all of them are visible from <paramref name="wrapperCall"/>'s file.
    /// </summary>
    public static PlainHttpSetting EvaluateClientMember(ISymbol member, IOperation wrapperCall, S3Model model)
        => Combine(
            SourceResolver.FindMemberSources(member, wrapperCall, model.MemberWrites), model, 0, EvaluateClientSource);

    /// <summary>Evaluates one configuration object from its creation, initializer and later assignments.</summary>
    public static PlainHttpSetting EvaluateConfig(TrackedObject config)
    {
        var url = SingleWrite(config, S3Model.ServiceUrlProperty, out var urlWrites);
        if (urlWrites > 1)
        {
            return PlainHttpSetting.Unknown;
        }

        if (url is { } urlWrite && !IsNullConstant(urlWrite.Value))
        {
            return EvaluateServiceUrl(urlWrite);
        }

        var useHttp = config.ValuesOf(S3Model.UseHttpProperty);
        if (useHttp is null)
        {
            return PlainHttpSetting.Https;
        }

        if (!useHttp.Value.IsKnown)
        {
            return PlainHttpSetting.Unknown;
        }

        var anyTrue = false;
        var anyFalse = false;
        foreach (var value in useHttp.Value.Values)
        {
            anyTrue |= value is true;
            anyFalse |= value is not true;
        }

        if (!anyTrue)
        {
            return PlainHttpSetting.Https;
        }

        return anyFalse ? PlainHttpSetting.Unknown : new PlainHttpSetting(
            TransportKind.PlainHttp, FirstTrueWrite(config), host: null);
    }

    /// <summary>
    /// True when the endpoint is one of the configured local endpoints (plain HTTP tolerated there). An entry with a
    /// port (<c>minio.internal:9000</c>, <c>[::1]:9000</c>) allows that port only; an entry without one, any port.
    /// </summary>
    public static bool IsAllowedEndpoint(string? host, string? port, ImmutableArray<string> allowed)
    {
        if (host is null)
        {
            return false;
        }

        foreach (var entry in allowed)
        {
            SplitEntry(entry.Trim(), out var entryHost, out var entryPort);
            if (string.Equals(entryHost, host, StringComparison.OrdinalIgnoreCase)
                && (entryPort is null || entryPort == (port ?? DefaultHttpPort)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>How a finding names the endpoint: <c>http://host[:port]</c>, brackets around an IPv6 host.</summary>
    public static string DescribeEndpoint(string host, string? port)
    {
        var shown = host.IndexOf(':') >= 0 ? "[" + host + "]" : host;
        return port is null ? HttpScheme + shown : HttpScheme + shown + ":" + port;
    }

    private static void SplitEntry(string entry, out string host, out string? port)
    {
        port = null;
        if (entry.StartsWith("[", StringComparison.Ordinal))
        {
            var close = entry.IndexOf(']');
            host = close > 0 ? entry.Substring(1, close - 1) : entry.Substring(1);
            if (close > 0 && close + 1 < entry.Length && entry[close + 1] == ':')
            {
                port = entry.Substring(close + 2);
            }

            return;
        }

        var colon = entry.IndexOf(':');
        if (colon > 0 && colon == entry.LastIndexOf(':') && IsPort(entry, colon + 1, entry.Length))
        {
            host = entry.Substring(0, colon);
            port = entry.Substring(colon + 1);
            return;
        }

        // A bare IPv6 address (::1) has several colons and no port.
        host = entry;
    }

    private static bool IsPort(string text, int start, int end)
    {
        if (end <= start)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The host of <c>http://host[:port][/path]</c>, or null when the known text ends inside the host
    /// (<c>$"http://{name}"</c>) and the host therefore cannot be read. <paramref name="port"/> is the explicit
    /// port when the text shows all of it, else null.
    /// </summary>
    public static string? ParseHost(string url, bool complete, out string? port)
    {
        port = null;
        if (!url.StartsWith(HttpScheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = url.Substring(HttpScheme.Length);
        var at = rest.IndexOf('@');
        var slash = rest.IndexOfAny(new[] { '/', '?', '#' });
        if (at >= 0 && (slash < 0 || at < slash))
        {
            rest = rest.Substring(at + 1);
        }

        string? host;
        int afterHost;
        if (rest.StartsWith("[", StringComparison.Ordinal))
        {
            var close = rest.IndexOf(']');
            if (close <= 1)
            {
                return null;
            }

            host = rest.Substring(1, close - 1);
            afterHost = close + 1;
        }
        else
        {
            var end = rest.IndexOfAny(new[] { ':', '/', '?', '#' });
            if (end < 0)
            {
                return complete && rest.Length > 0 ? rest : null;
            }

            if (end == 0)
            {
                return null;
            }

            host = rest.Substring(0, end);
            afterHost = end;
        }

        if (afterHost < rest.Length && rest[afterHost] == ':')
        {
            var portEnd = rest.IndexOfAny(new[] { '/', '?', '#' }, afterHost);
            var known = portEnd >= 0 || complete;
            portEnd = portEnd < 0 ? rest.Length : portEnd;
            if (known && IsPort(rest, afterHost + 1, portEnd))
            {
                port = rest.Substring(afterHost + 1, portEnd - afterHost - 1);
            }
        }

        return host;
    }

    private static PlainHttpSetting EvaluateServiceUrl(PropertyWrite write)
    {
        var prefix = StringPrefixResolver.Resolve(write.Value, out var complete);
        if (prefix is null)
        {
            return PlainHttpSetting.Unknown;
        }

        prefix = AsUriReadsIt(prefix);

        if (prefix.StartsWith(HttpsScheme, StringComparison.OrdinalIgnoreCase))
        {
            return PlainHttpSetting.Https;
        }

        if (prefix.StartsWith(HttpScheme, StringComparison.OrdinalIgnoreCase))
        {
            var host = ParseHost(prefix, complete, out var port);
            return new PlainHttpSetting(
                TransportKind.PlainHttp, write.Assignment, host, hostUnreadable: host is null, port: port);
        }

        // No scheme, or not enough of the text to see one: the SDK's choice is not ours to guess.
        return PlainHttpSetting.Unknown;
    }

    /// <summary>
    /// The SDK makes the endpoint with <c>new Uri(ServiceURL)</c>, which skips leading spaces, tabs and line breaks
    /// and reads <c>http:\\host</c> as <c>http://host</c>: those spellings send over plain HTTP all the same, and
    /// S3Sec.Crypto's SSE-C guard refuses them at run time.
    /// </summary>
    private static string AsUriReadsIt(string url)
    {
        var start = 0;
        while (start < url.Length && url[start] is ' ' or '\t' or '\r' or '\n')
        {
            start++;
        }

        var colon = url.IndexOf(':', start);
        if (colon > start && colon + 2 < url.Length
            && url[colon + 1] is '/' or '\\' && url[colon + 2] is '/' or '\\')
        {
            return url.Substring(start, colon - start) + "://" + url.Substring(colon + 3);
        }

        return start == 0 ? url : url.Substring(start);
    }

    private static bool IsNullConstant(IOperation value)
    {
        var values = ValueResolver.Resolve(value);
        return values.IsKnown && values.Values.Length == 1 && values.Values[0] is null;
    }

    private static PropertyWrite? SingleWrite(TrackedObject config, string property, out int count)
    {
        PropertyWrite? found = null;
        count = 0;
        foreach (var write in config.Writes)
        {
            if (write.Property.Name == property)
            {
                found ??= write;
                count++;
            }
        }

        return found;
    }

    private static IOperation? FirstTrueWrite(TrackedObject config)
    {
        foreach (var write in config.Writes)
        {
            if (write.Property.Name == S3Model.UseHttpProperty && write.Value.ConstantValue.Value is true)
            {
                return write.Assignment;
            }
        }

        foreach (var write in config.Writes)
        {
            if (write.Property.Name == S3Model.UseHttpProperty)
            {
                return write.Assignment;
            }
        }

        return null;
    }

    private static PlainHttpSetting EvaluateClient(IOperation? client, S3Model model, int depth)
    {
        if (client is null || depth > MaxDepth)
        {
            return PlainHttpSetting.Unknown;
        }

        return Combine(SourceResolver.FindSources(client, model.MemberWrites), model, depth, EvaluateClientSource);
    }

    private static PlainHttpSetting EvaluateClientSource(IOperation source, S3Model model, int depth)
    {
        // A client of the user's own type is read through its constructor, which chooses what the base is built from.
        if (source is not IObjectCreationOperation creation
            || !model.IsS3ClientOrTransferUtility(creation.Type)
            || !DerivedConstructor.TryGetForwardedArguments(creation, out var arguments))
        {
            return PlainHttpSetting.Unknown;
        }

        foreach (var argument in arguments)
        {
            var parameterType = argument.Parameter?.Type;
            if (model.IsClientConfig(parameterType))
            {
                return EvaluateConfigExpression(argument.Value, model, depth);
            }

            if (model.IsS3ClientOrTransferUtility(parameterType))
            {
                // A transfer utility sends through the client it was built over.
                return EvaluateClient(argument.Value, model, depth + 1);
            }
        }

        // Built without a configuration: the SDK's default, HTTPS to the regional endpoint.
        return PlainHttpSetting.Https;
    }

    private static PlainHttpSetting EvaluateConfigExpression(IOperation config, S3Model model, int depth)
    {
        return Combine(SourceResolver.FindSources(config, model.MemberWrites), model, depth, static (source, m, _) =>
            source is IObjectCreationOperation creation && m.IsClientConfig(creation.Type)
                ? EvaluateConfig(TrackedObject.Track(creation))
                : PlainHttpSetting.Unknown);
    }

    /// <summary>
    /// Every source must agree: a client that is HTTPS on one path and HTTP on another is not guessed.
    /// </summary>
    private static PlainHttpSetting Combine(
        ImmutableArray<IOperation> sources,
        S3Model model,
        int depth,
        Func<IOperation, S3Model, int, PlainHttpSetting> evaluate)
    {
        if (sources.IsEmpty)
        {
            return PlainHttpSetting.Unknown;
        }

        PlainHttpSetting? result = null;
        foreach (var source in sources)
        {
            var setting = evaluate(source, model, depth);
            if (setting.Kind == TransportKind.Unknown
                || (result is { } previous && previous.Kind != setting.Kind))
            {
                return PlainHttpSetting.Unknown;
            }

            result ??= setting;
        }

        return result ?? PlainHttpSetting.Unknown;
    }
}
