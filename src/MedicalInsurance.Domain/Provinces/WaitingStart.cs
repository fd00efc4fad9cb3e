namespace MedicalInsurance.Domain.Provinces;

/// <summary>Where a waiting period starts counting: the payment date P, or max(P, 1 Jan T).</summary>
public enum WaitingStart
{
    LaterOfPaymentAndYearStart,
    PaymentDate,
}
