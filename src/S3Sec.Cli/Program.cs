namespace S3Sec.Cli;

internal static class Program
{
    private static int Main() => 0;
}
