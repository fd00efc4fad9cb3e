namespace MedicalInsurance.Infrastructure.Security;

public sealed record NewUser(string UserName, string DisplayName, string Role, string? ScopeCode);
