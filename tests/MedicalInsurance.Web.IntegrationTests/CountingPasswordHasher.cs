using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The app's password hasher, counting how many hashes it verifies: what makes a sign-in's answer take its time is that
/// work, so two answers that verify as many hashes with the same hasher take alike, whatever else the machine runs.
/// </summary>
internal sealed class CountingPasswordHasher(IPasswordHasher<AppUser> inner, PasswordVerifications counter) : IPasswordHasher<AppUser>
{
    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        counter.Add(hashedPassword);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}

/// <summary>The hashes verified since the app started, each with its format's marker byte and iteration count.</summary>
public sealed class PasswordVerifications
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>The formats verified (version byte, iteration count), as distinct pairs.</summary>
    public HashSet<(byte Version, int Iterations)> Formats { get; } = [];

    public void Add(string hashedPassword)
    {
        Interlocked.Increment(ref _count);
        var bytes = Convert.FromBase64String(hashedPassword);
        // Identity v3: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        var iterations = bytes.Length >= 9 ? (bytes[5] << 24) | (bytes[6] << 16) | (bytes[7] << 8) | bytes[8] : 0;
        lock (Formats)
        {
            Formats.Add((bytes[0], iterations));
        }
    }
}
