using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Operations;
using S3Sec.Analyzers.Model;

namespace S3Sec.Analyzers.Analysis;

/// <summary>Decides what server-side encryption a tracked write request sends.</summary>
internal static class EncryptionEvaluator
{
    private const string SseHeaderPrefix = "x-amz-server-side-encryption";
    private const string UploadIdProperty = "UploadId";
    private const string PartNumberProperty = "PartNumber";

    public static EncryptionVerdict Evaluate(TrackedObject request, WriteKind kind, S3Model model)
    {
        if (request.Escapes || !IsSent(request, model))
        {
            return EncryptionVerdict.Silent;
        }

        if (kind == WriteKind.PresignedUrl && !IsPresignedPut(request, model))
        {
            return EncryptionVerdict.Silent;
        }

        if (UsesSseCustomerKey(request)
            || SetsEncryptionHeader(request)
            || SendsThroughEncryptionClient(request, model))
        {
            return EncryptionVerdict.Silent;
        }

        var values = request.ValuesOf(S3Model.ServerSideEncryptionMethodProperty) ?? ValueSet.Of(string.Empty);
        if (!values.IsKnown)
        {
            return EncryptionVerdict.Silent;
        }

        // One method per value, so the builder is full at the end and hands its array over.
        var methods = ImmutableArray.CreateBuilder<string>(values.Values.Length);
        var anyEncrypted = false;
        foreach (var value in values.Values)
        {
            var method = value as string ?? string.Empty;
            if (value is not null and not string)
            {
                return EncryptionVerdict.Silent;
            }

            anyEncrypted |= method.Length > 0;
            methods.Add(method);
        }

        if (!anyEncrypted)
        {
            return new EncryptionVerdict(EncryptionVerdictKind.Unencrypted, methods.MoveToImmutable(), false);
        }

        var keyIds = request.ValuesOf(S3Model.KmsKeyIdProperty);
        // An AWS managed key (alias/aws/s3) is not a customer managed one: only another key id counts as one.
        var hasKeyId = keyIds is { } ids && (!ids.IsKnown || ids.Values.Exists(v =>
            v is string { Length: > 0 } id && !AwsManagedKmsKey.IsAwsManagedAlias(id)));
        var awsManagedKey = !hasKeyId && keyIds is { IsKnown: true } known && known.Values.Exists(v =>
            v is string id && AwsManagedKmsKey.IsAwsManagedAlias(id));
        return new EncryptionVerdict(
            EncryptionVerdictKind.Encrypted, methods.MoveToImmutable(), hasKeyId, awsManagedKey);
    }

    internal static bool IsPresignedPut(TrackedObject request, S3Model model)
    {
        // A presigned part upload (UploadId, PartNumber) writes no object of its own: the encryption of a
        // multipart upload is chosen when it is initiated, and UploadPart takes no encryption header.
        if (request.Assigns(UploadIdProperty) || request.Assigns(PartNumberProperty))
        {
            return false;
        }

        var verbs = request.ValuesOf(S3Model.VerbProperty);
        if (verbs is not { IsKnown: true } known)
        {
            // The default verb is GET; an unknown verb is not reported.
            return false;
        }

        foreach (var verb in known.Values)
        {
            if (ValueResolver.EnumMemberName(model.HttpVerb, verb) != "PUT")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// SSE-C is server-side encryption too: a write that may set a customer key, or its method, is not unencrypted.
    /// A key without its method is incomplete SSE-C (S3SEC012), and SSE-S3 added next to it would be refused by S3.
    /// </summary>
    private static bool UsesSseCustomerKey(TrackedObject request)
    {
        return MaySetNonEmpty(request, S3Model.SseCustomerMethodProperty)
            || MaySetNonEmpty(request, S3Model.SseCustomerKeyProperty);
    }

    private static bool MaySetNonEmpty(TrackedObject request, string property)
    {
        return request.ValuesOf(property) is { } values
            && (!values.IsKnown || values.Values.Exists(v => v is string { Length: > 0 }));
    }

    /// <summary>A raw <c>Headers["x-amz-server-side-encryption..."]</c> write, or one whose name is unknown.</summary>
    private static bool SetsEncryptionHeader(TrackedObject request)
    {
        foreach (var reference in request.References)
        {
            if (reference.Parent is not IPropertyReferenceOperation { Property.Name: S3Model.HeadersProperty } headers
                || headers.Instance != reference)
            {
                continue;
            }

            if (headers.Parent is IPropertyReferenceOperation { Arguments.Length: 1 } indexer)
            {
                var name = ValueResolver.Resolve(indexer.Arguments[0].Value);
                if (!name.IsKnown || name.Values.Exists(v =>
                    v is string s && s.StartsWith(SseHeaderPrefix, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
            else if (headers.Parent is not IPropertyReferenceOperation)
            {
                // Headers handed to other code, or set in ways the analysis does not read.
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a call the analysis sees hands the request to an S3 client or transfer utility. A request that
    /// is only built, read back, or given to an SDK helper that sends nothing writes no object.
    /// </summary>
    private static bool IsSent(TrackedObject request, S3Model model)
    {
        foreach (var consumer in request.Consumers)
        {
            if (TrackedObject.ReceiverOf(consumer) is { } receiver
                && (model.IsS3ClientOrTransferUtility(consumer.TargetMethod.ContainingType)
                    || model.IsS3ClientOrTransferUtility(receiver.WithoutConversions().Type)))
            {
                return true;
            }

            if (ForwardingWrapper.ClientMember(consumer, request.References) is { } member
                && model.IsS3ClientOrTransferUtility(ForwardingWrapper.TypeOf(member)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SendsThroughEncryptionClient(TrackedObject request, S3Model model)
    {
        foreach (var consumer in request.Consumers)
        {
            if (ClientResolver.IsEncryptionClient(TrackedObject.ReceiverOf(consumer), model)
                || (ForwardingWrapper.ClientMember(consumer, request.References) is { } member
                    && ClientResolver.MayHoldEncryptionClient(member, consumer, model)))
            {
                return true;
            }
        }

        return false;
    }
}
