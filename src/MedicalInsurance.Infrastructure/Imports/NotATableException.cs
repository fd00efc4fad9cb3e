namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A file is not a table we can read: the message says why.</summary>
public sealed class NotATableException(string message) : Exception(message);
