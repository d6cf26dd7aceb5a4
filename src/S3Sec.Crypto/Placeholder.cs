namespace S3Sec.Crypto;

internal static class AssemblyMarker
{
}
