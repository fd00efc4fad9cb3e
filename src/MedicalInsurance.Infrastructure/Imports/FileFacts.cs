using System.Text;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>What a first pass over the bytes found: size, SHA-256, and the format and encoding to read it with.</summary>
public sealed record FileFacts(long Length, string Hash, bool IsXlsx, Encoding? TextEncoding)
{
    public string EncodingName => IsXlsx ? "xlsx" : TextEncoding!.CodePage == 65001 ? "UTF-8" : "GB18030";
}
