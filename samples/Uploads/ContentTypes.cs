namespace Contoso.Documents.Uploads;

internal static class ContentTypes
{
    public static string FromFileName(string fileName)
    {
        return Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".pdf" => "application/pdf",
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".csv" => "text/csv",
            ".txt" => "text/plain",
            _ => "application/octet-stream",
        };
    }
}
