global using Fp = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>;
global using Fp480 = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>;
global using Fr = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.RModulus>;
global using Fr480 = Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.R480Modulus>;
global using Scheme256 = Recrypt.Managed.Scheme<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.PModulus>,
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U256, Recrypt.Managed.Field.RModulus>,
    Recrypt.Managed.Field.U256,
    Recrypt.Managed.Curve.Bn256>;
global using Scheme480 = Recrypt.Managed.Scheme<
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.P480Modulus>,
    Recrypt.Managed.Field.Fe<Recrypt.Managed.Field.U512, Recrypt.Managed.Field.R480Modulus>,
    Recrypt.Managed.Field.U512,
    Recrypt.Managed.Curve.Bn480>;
