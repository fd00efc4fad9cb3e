namespace MedicalInsurance.Web.Api;

/// <summary>The body of <c>POST /api/v1/registrations/{id}/void</c>.</summary>
public sealed class VoidApiRequest
{
    public string? Reason { get; set; }
}
