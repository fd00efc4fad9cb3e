namespace MedicalInsurance.Domain;

/// <summary>Names the Domain assembly for reflection (tests, scanning) without pointing at any rule type.</summary>
public static class AssemblyMarker;
