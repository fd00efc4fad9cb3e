using System.Globalization;
using System.Security.Cryptography;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// What a review's scan may be: PDF, JPEG or PNG — told by the content's first bytes, never by its name or the browser's
/// word alone — of at most <see cref="MaxBytes"/>, and no more than <see cref="MaxPerReview"/> per review.
/// </summary>
public static class EvidenceFiles
{
    /// <summary>5 MiB: a page scanned at 300 dpi in colour fits; a stored row stays small enough to read whole.</summary>
    public const int MaxBytes = 5 * 1024 * 1024;

    public const int MaxPerReview = 5;

    public const int MaxFileNameLength = 200;

    public const string Pdf = "application/pdf";
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";

    /// <summary>The type the content's signature shows (%PDF-, FF D8 FF, the PNG signature), or null for anything else.</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? Pdf
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : null;

    /// <summary>What is wrong with the upload (the message names the file), or null: see <see cref="ProblemTemplate"/>.</summary>
    public static string? Problem(EvidenceUpload upload) =>
        ProblemTemplate(upload) is { } template ? string.Format(CultureInfo.InvariantCulture, template, upload.FileName) : null;

    /// <summary>
    /// What is wrong with the upload, with {0} for its name (the interface translates the template), or null: empty, too
    /// large, not one of the three types by its content, or declared by the browser as another type than its content is.
    /// </summary>
    public static string? ProblemTemplate(EvidenceUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        if (upload.Content.Length == 0)
        {
            return "扫描件“{0}”是空文件。";
        }

        if (upload.Content.Length > MaxBytes)
        {
            return TooLarge;
        }

        if (ContentTypeOf(upload.Content) is not { } detected)
        {
            return "扫描件“{0}”不是 PDF、JPEG 或 PNG 文件。";
        }

        var declared = upload.DeclaredType?.Split(';')[0].Trim().ToLowerInvariant();
        if (declared is { Length: > 0 } and not "application/octet-stream" && declared != detected && !(declared == "image/jpg" && detected == Jpeg))
        {
            return "扫描件“{0}”的内容与其文件类型不符。";
        }

        return null;
    }

    /// <summary>The template of a scan over <see cref="MaxBytes"/> (a picker says it before reading the file).</summary>
    public const string TooLarge = "扫描件“{0}”超过5 MB。";

    /// <summary>The name kept: no directory part, no control characters, at most <see cref="MaxFileNameLength"/> characters.</summary>
    public static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0)
        {
            name = "扫描件";
        }

        return name.Length > MaxFileNameLength ? name[^MaxFileNameLength..] : name;
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
