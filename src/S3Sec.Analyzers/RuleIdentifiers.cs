namespace S3Sec.Analyzers;

/// <summary>Every diagnostic id S3Sec reports. Ids are stable once shipped.</summary>
public static class RuleIdentifiers
{
    public const string UnencryptedWrite = "S3SEC001";
    public const string WeakerThanPolicy = "S3SEC002";
    public const string SseCustomerKeyOverHttp = "S3SEC010";
    public const string PlainHttpClient = "S3SEC011";
    public const string MalformedSseCustomerKey = "S3SEC012";
    public const string HardCodedKey = "S3SEC013";
    public const string SseCustomerKeyForbidden = "S3SEC014";
    public const string SensitiveMetadata = "S3SEC020";
    public const string SensitiveTagOrKey = "S3SEC021";
    public const string MasterKeySentToAws = "S3SEC030";
    public const string LegacyClientSideEncryption = "S3SEC031";
    public const string KmsWrappedWhereLocalRequired = "S3SEC032";
    public const string PlainClientWhereClientSideRequired = "S3SEC033";
    public const string UnrecognisedOption = "S3SEC090";

    /// <summary>Where each rule's documentation page lives; the page name is the id.</summary>
    public const string HelpLinkBase = "https://github.com/s3sec/s3sec/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
