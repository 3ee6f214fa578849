-- Reserved for the groups migration (issue 14), which is written on another branch; this placeholder keeps
-- the migrations numbered without gaps until it lands, and is deleted when it does.
SELECT 1;
